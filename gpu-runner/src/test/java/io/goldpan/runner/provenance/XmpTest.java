package io.goldpan.runner.provenance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class XmpTest {
  @Test
  void packet_saysATrainedModelMadeIt_namesSoftwareVersionAndModel() {
    XmpFacts facts = Xmp.read(Xmp.forModel("sd-turbo"));

    assertThat(facts.digitalSourceType())
        .isEqualTo("http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia");
    assertThat(facts.madeByAModel()).isTrue();
    assertThat(facts.creatorTool()).isEqualTo("Goldpan " + RunnerVersion.get());
    assertThat(facts.model()).isEqualTo("sd-turbo");
  }

  @Test
  void version_isTheOneTheBuildRecorded() {
    assertThat(RunnerVersion.get()).matches("\\d+\\.\\d+\\.\\d+.*");
  }

  @Test
  void packet_escapesAModelNameFromConfiguration() {
    String model = "a<b>&\"c\"'d' </Iptc4xmpExt:AISystemUsed><x:y/>";

    String packet = Xmp.forModel(model);

    assertThat(packet).doesNotContain("<x:y/>").contains("a&lt;b&gt;&amp;&quot;c&quot;&apos;d");
    assertThat(Xmp.read(packet).model()).isEqualTo(model);
  }

  @Test
  void packet_replacesCharactersXmlCannotHold() {
    String packet = Xmp.forModel("bell\u0007 nul\u0000 ok ü 🐉");

    assertThat(Xmp.read(packet).model()).isEqualTo("bell\uFFFD nul\uFFFD ok ü 🐉");
  }

  @Test
  void read_understandsTheAttributeForm_otherToolsWrite() {
    String packet =
        "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF"
            + " xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\"><rdf:Description"
            + " xmlns:Iptc4xmpExt=\"http://iptc.org/std/Iptc4xmpExt/2008-02-29/\""
            + " xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\""
            + " Iptc4xmpExt:DigitalSourceType=\"http://cv.iptc.org/newscodes/digitalsourcetype/digitalCapture\""
            + " xmp:CreatorTool=\"Camera 1.0\"/></rdf:RDF></x:xmpmeta>";

    XmpFacts facts = Xmp.read(packet);

    assertThat(facts.madeByAModel()).isFalse();
    assertThat(facts.digitalSourceType()).endsWith("/digitalCapture");
    assertThat(facts.creatorTool()).isEqualTo("Camera 1.0");
    assertThat(facts.model()).isNull();
  }

  @Test
  void read_refusesADoctype_soNoEntityIsExpanded() {
    String packet =
        "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>"
            + "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">&e;</x:xmpmeta>";

    assertThatThrownBy(() -> Xmp.read(packet))
        .isInstanceOf(ProvenanceException.class)
        .hasMessageStartingWith("the XMP packet is not well-formed XML: ")
        .hasMessageContaining("DOCTYPE");
  }
}
