package io.goldpan.runner.provenance;

import java.io.IOException;
import java.io.StringReader;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;

/**
 * The XMP packet Goldpan writes into every image file, saying in IPTC's terms that a trained model
 * made the picture, which software and which model; and reading such a packet back.
 */
public final class Xmp {
  /** IPTC's digital source type for media created by a trained algorithmic model. */
  public static final String TRAINED_ALGORITHMIC_MEDIA =
      "http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia";

  /** The software Goldpan names itself as in {@code xmp:CreatorTool}. */
  public static final String SOFTWARE = "Goldpan";

  static final String NS_XMP = "http://ns.adobe.com/xap/1.0/";
  static final String NS_IPTC_EXT = "http://iptc.org/std/Iptc4xmpExt/2008-02-29/";
  static final String NS_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";

  private Xmp() {}

  /** The packet for a picture that {@code model} painted with this runner. */
  public static String forModel(String model) {
    return packet(SOFTWARE + " " + RunnerVersion.get(), model);
  }

  /**
   * The packet naming {@code creatorTool} (software and version) and {@code model} (IPTC's "AI
   * system used").
   */
  static String packet(String creatorTool, String model) {
    return "<?xpacket begin=\"\uFEFF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n"
        + "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n"
        + " <rdf:RDF xmlns:rdf=\""
        + NS_RDF
        + "\">\n"
        + "  <rdf:Description rdf:about=\"\"\n"
        + "    xmlns:xmp=\""
        + NS_XMP
        + "\"\n"
        + "    xmlns:Iptc4xmpExt=\""
        + NS_IPTC_EXT
        + "\">\n"
        + "   <Iptc4xmpExt:DigitalSourceType>"
        + TRAINED_ALGORITHMIC_MEDIA
        + "</Iptc4xmpExt:DigitalSourceType>\n"
        + "   <Iptc4xmpExt:AISystemUsed>"
        + escape(model)
        + "</Iptc4xmpExt:AISystemUsed>\n"
        + "   <xmp:CreatorTool>"
        + escape(creatorTool)
        + "</xmp:CreatorTool>\n"
        + "  </rdf:Description>\n"
        + " </rdf:RDF>\n"
        + "</x:xmpmeta>\n"
        + "<?xpacket end=\"r\"?>";
  }

  /**
   * What {@code packet} says, in either of RDF's forms (element or attribute); a property it lacks
   * is {@code null}.
   *
   * @throws ProvenanceException when the packet is not well-formed XML
   */
  public static XmpFacts read(String packet) {
    Document document = parse(packet);
    return new XmpFacts(
        property(document, NS_IPTC_EXT, "DigitalSourceType"),
        property(document, NS_XMP, "CreatorTool"),
        property(document, NS_IPTC_EXT, "AISystemUsed"));
  }

  /** Text escaped for XML content; characters XML 1.0 cannot hold become U+FFFD. */
  static String escape(String text) {
    StringBuilder out = new StringBuilder(text.length());
    text.codePoints()
        .forEach(
            c -> {
              switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&apos;");
                default -> out.appendCodePoint(allowedInXml(c) ? c : 0xFFFD);
              }
            });
    return out.toString();
  }

  private static boolean allowedInXml(int c) {
    return c == 0x9
        || c == 0xA
        || c == 0xD
        || (c >= 0x20 && c <= 0xD7FF)
        || (c >= 0xE000 && c <= 0xFFFD)
        || (c >= 0x10000 && c <= 0x10FFFF);
  }

  private static String property(Document document, String namespace, String name) {
    NodeList elements = document.getElementsByTagNameNS(namespace, name);
    if (elements.getLength() > 0) {
      return elements.item(0).getTextContent().strip();
    }
    NodeList descriptions = document.getElementsByTagNameNS(NS_RDF, "Description");
    for (int i = 0; i < descriptions.getLength(); i++) {
      Element description = (Element) descriptions.item(i);
      if (description.hasAttributeNS(namespace, name)) {
        return description.getAttributeNS(namespace, name);
      }
    }
    return null;
  }

  private static Document parse(String packet) {
    try {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      factory.setNamespaceAware(true);
      // A packet comes from a file anyone may have made: no DTDs, no external entities.
      factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
      factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
      factory.setXIncludeAware(false);
      factory.setExpandEntityReferences(false);
      DocumentBuilder builder = factory.newDocumentBuilder();
      builder.setErrorHandler(null);
      return builder.parse(new InputSource(new StringReader(packet)));
    } catch (ParserConfigurationException e) {
      throw new IllegalStateException("the JDK's XML parser lacks a secure configuration", e);
    } catch (SAXException | IOException e) {
      throw new ProvenanceException("the XMP packet is not well-formed XML: " + e.getMessage(), e);
    }
  }
}
