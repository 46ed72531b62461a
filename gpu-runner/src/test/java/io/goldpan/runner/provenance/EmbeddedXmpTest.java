package io.goldpan.runner.provenance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class EmbeddedXmpTest {
  private static final byte[] TINY_JPEG = {
    (byte) 0xFF,
    (byte) 0xD8, // SOI
    (byte) 0xFF,
    (byte) 0xE0,
    0,
    4,
    'J',
    'F', // a (short) APP0
    (byte) 0xFF,
    (byte) 0xDA,
    0,
    2, // SOS
    1,
    2,
    3,
    (byte) 0xFF,
    (byte) 0xD9
  };

  @Test
  void intoJpeg_putsAnApp1SegmentRightAfterTheJfifHeader_thatReadsBack() {
    byte[] jpeg = EmbeddedXmp.intoJpeg(TINY_JPEG, "<x/>");

    byte[] header = "http://ns.adobe.com/xap/1.0/\0".getBytes(StandardCharsets.US_ASCII);
    int length = 2 + header.length + 4;
    assertThat(jpeg).hasSize(TINY_JPEG.length + 2 + length);
    assertThat(jpeg).startsWith(TINY_JPEG[0], TINY_JPEG[1], TINY_JPEG[2], TINY_JPEG[3]);
    assertThat(new byte[] {jpeg[8], jpeg[9], jpeg[10], jpeg[11]})
        .containsExactly(0xFF, 0xE1, length >> 8, length & 0xFF);
    assertThat(new String(jpeg, 12, header.length + 4, StandardCharsets.US_ASCII))
        .isEqualTo("http://ns.adobe.com/xap/1.0/\0<x/>");
    assertThat(EmbeddedXmp.read(jpeg)).contains("<x/>");
  }

  @Test
  void read_aJpegWithoutXmp_isEmpty() {
    assertThat(EmbeddedXmp.read(TINY_JPEG)).isEmpty();
  }

  @Test
  void read_somethingElse_saysSo() {
    assertThatThrownBy(() -> EmbeddedXmp.read("GIF89a...".getBytes(StandardCharsets.US_ASCII)))
        .isInstanceOf(ProvenanceException.class)
        .hasMessage("not a PNG or a JPEG");
  }

  @Test
  void read_aTruncatedJpegSegment_saysWhere() {
    byte[] truncated = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE1, 0x10, 0, 'h'};

    assertThatThrownBy(() -> EmbeddedXmp.read(truncated))
        .isInstanceOf(ProvenanceException.class)
        .hasMessage("JPEG segment at byte 2 is truncated");
  }

  @Test
  void intoJpeg_refusesAPacketTooLargeForOneSegment() {
    String huge = "x".repeat(70_000);

    assertThatThrownBy(() -> EmbeddedXmp.intoJpeg(TINY_JPEG, huge))
        .isInstanceOf(ProvenanceException.class)
        .hasMessage("an XMP packet of 70000 bytes does not fit one JPEG APP1 segment");
  }
}
