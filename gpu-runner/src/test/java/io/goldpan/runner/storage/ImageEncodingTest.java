package io.goldpan.runner.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.goldpan.contract.Contract;
import io.goldpan.contract.JobMessage;
import io.goldpan.contract.JobParameters;
import io.goldpan.runner.RunnerException;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class ImageEncodingTest {
  private static final String JOB_ID = "0b9e6f7e-4a51-4c1e-9d3a-2f7f5a1c9e10";

  private static BufferedImage gradient(int width, int height) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        image.setRGB(x, y, (x * 255 / width) << 16 | (y * 255 / height) << 8 | 128);
      }
    }
    return image;
  }

  @Test
  void png_carriesTheParametersInATextChunk_andStillDecodes() throws Exception {
    String parameters =
        "a gnome in a café\nSteps: 20, CFG scale: 7.5, Seed: 42, Size: 64x64, Model: demo";

    byte[] png = ImageEncoding.png(gradient(64, 64), Map.of(PngParameters.KEYWORD, parameters));

    assertThat(PngText.read(png)).containsExactly(Map.entry("parameters", parameters));
    assertThat(new String(png, StandardCharsets.ISO_8859_1)).contains("tEXtparameters");
    BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(png));
    assertThat(decoded.getWidth()).isEqualTo(64);
    assertThat(decoded.getRGB(10, 20)).isEqualTo(gradient(64, 64).getRGB(10, 20));
  }

  @Test
  void png_keepsUnicodeAndEmojiPrompts_inAnInternationalTextChunk() {
    String parameters =
        "ドラゴン 🐉 über den Wolken\nNegative prompt: 模糊\nSteps: 4, Seed: 1, Size: 64x64, Model: demo";
    Map<String, String> text = new LinkedHashMap<>();
    text.put("parameters", parameters);
    text.put("Software", "Goldpan");

    byte[] png = ImageEncoding.png(gradient(64, 64), text);

    assertThat(PngText.read(png))
        .containsEntry("parameters", parameters)
        .containsEntry("Software", "Goldpan");
    assertThat(new String(png, StandardCharsets.ISO_8859_1)).contains("iTXtparameters");
  }

  @Test
  void pngText_refusesSomethingThatIsNotAPng() {
    assertThatThrownBy(() -> PngText.read("GIF89a".getBytes(StandardCharsets.US_ASCII)))
        .isInstanceOf(RunnerException.class)
        .hasMessage("not a PNG: the signature is missing");
  }

  @Test
  void thumbnail_isAJpegWhoseLongestSideIs256() throws Exception {
    byte[] jpeg = ImageEncoding.thumbnail(gradient(512, 768));

    assertThat(jpeg).startsWith((byte) 0xFF, (byte) 0xD8);
    BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(jpeg));
    assertThat(decoded.getHeight()).isEqualTo(256);
    assertThat(decoded.getWidth()).isEqualTo(171);
  }

  @Test
  void parameters_followTheAutomatic1111Layout() {
    JobMessage job =
        new JobMessage(
            Contract.VERSION,
            JOB_ID,
            JobParameters.textToImage(
                "a gnome", "blurry, dark", 4, 42, 512, 768, 30, 7.0, "sd-turbo", "euler_a"),
            null,
            null);

    assertThat(PngParameters.of(job, 2, "Euler a"))
        .isEqualTo(
            "a gnome\n"
                + "Negative prompt: blurry, dark\n"
                + "Steps: 30, Sampler: Euler a, CFG scale: 7, Seed: 44, Size: 512x768, Model:"
                + " sd-turbo");
  }
}
