package io.goldpan.functions.gallery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class PngWithoutPromptTest {

  @Test
  void dropsTheParametersText_andKeepsTheXmpOtherTextAndEveryPixel() throws IOException {
    BufferedImage picture = new BufferedImage(16, 8, BufferedImage.TYPE_INT_RGB);
    for (int x = 0; x < 16; x++) {
      picture.setRGB(x, x % 8, 0x00ff8800 + x);
    }
    byte[] png =
        withTextChunks(
            picture,
            chunk("tEXt", "parameters\0a secret plan\nSteps: 4, Seed: 7"),
            chunk(
                "iTXt",
                "XML:com.adobe.xmp\0\0\0\0\0<x:xmpmeta>trainedAlgorithmicMedia</x:xmpmeta>"),
            chunk("tEXt", "parametersX\0not the prompt chunk"));

    byte[] stripped = PngWithoutPrompt.of(png);

    String text = new String(stripped, StandardCharsets.ISO_8859_1);
    assertThat(text).doesNotContain("a secret plan").doesNotContain("Steps: 4");
    assertThat(text).contains("trainedAlgorithmicMedia").contains("not the prompt chunk");
    assertThat(stripped.length).isLessThan(png.length);
    BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(stripped));
    for (int y = 0; y < 8; y++) {
      for (int x = 0; x < 16; x++) {
        assertThat(decoded.getRGB(x, y)).isEqualTo(picture.getRGB(x, y));
      }
    }
    assertThat(PngWithoutPrompt.of(stripped)).isEqualTo(stripped);
  }

  @Test
  void refusesWhatIsNotAWellFormedPng() throws IOException {
    assertThatThrownBy(() -> PngWithoutPrompt.of("GIF89a".getBytes(StandardCharsets.US_ASCII)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("not a PNG");
    byte[] png = withTextChunks(new BufferedImage(2, 2, BufferedImage.TYPE_INT_RGB));
    byte[] truncated = Arrays.copyOf(png, 8 + 10);
    assertThatThrownBy(() -> PngWithoutPrompt.of(truncated))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("byte 8");
  }

  /** The PNG ImageIO writes, with {@code extra} chunks placed right after its IHDR. */
  private static byte[] withTextChunks(BufferedImage picture, byte[]... extra) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(picture, "png", out);
    byte[] png = out.toByteArray();
    int afterHeader = 8 + 12 + ByteBuffer.wrap(png).getInt(8);
    List<byte[]> parts = new ArrayList<>();
    parts.add(Arrays.copyOf(png, afterHeader));
    parts.addAll(List.of(extra));
    parts.add(Arrays.copyOfRange(png, afterHeader, png.length));
    ByteArrayOutputStream joined = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      joined.write(part);
    }
    return joined.toByteArray();
  }

  private static byte[] chunk(String type, String data) {
    byte[] typeBytes = type.getBytes(StandardCharsets.ISO_8859_1);
    byte[] dataBytes = data.getBytes(StandardCharsets.ISO_8859_1);
    CRC32 crc = new CRC32();
    crc.update(typeBytes);
    crc.update(dataBytes);
    return ByteBuffer.allocate(12 + dataBytes.length)
        .putInt(dataBytes.length)
        .put(typeBytes)
        .put(dataBytes)
        .putInt((int) crc.getValue())
        .array();
  }
}
