package io.goldpan.runner.provenance;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnxruntime.OrtEnvironment;
import io.goldpan.contract.Contract;
import io.goldpan.contract.JobMessage;
import io.goldpan.contract.JobParameters;
import io.goldpan.runner.models.ExecutionProvider;
import io.goldpan.runner.models.StepListener;
import io.goldpan.runner.models.demo.DemoModel;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Goldpan's mark on pictures the demo model paints: it round-trips, stays invisible, and how far it
 * survives.
 */
class InvisibleMarkTest {
  private static BufferedImage painted;
  private static BufferedImage marked;

  @BeforeAll
  static void paint() {
    try (DemoModel model = DemoModel.open(OrtEnvironment.getEnvironment(), ExecutionProvider.CPU)) {
      JobMessage job =
          new JobMessage(
              Contract.VERSION,
              "3c5e0a1b-2d4f-4a6b-8c9d-0e1f2a3b4c5d",
              JobParameters.textToImage(
                  "cctv footage of a gnome", null, 1, 7, 512, 512, 1, 0, "demo", null),
              null,
              null);
      painted = model.paint(job, 0, StepListener.NONE);
    }
    marked = InvisibleMark.embed(painted);
  }

  @Test
  void markedPicture_readsBackEveryBitOfTheMessage() {
    InvisibleMark.Reading reading = InvisibleMark.read(marked);

    assertThat(reading.matching()).isEqualTo(56);
    assertThat(reading.present()).isTrue();
    assertThat(InvisibleMark.decode(marked, 56))
        .isEqualTo(InvisibleMark.bits(InvisibleMark.MESSAGE));
  }

  @Test
  void unmarkedPicture_doesNotCarryTheMark() {
    InvisibleMark.Reading reading = InvisibleMark.read(painted);

    assertThat(reading.present()).isFalse();
    assertThat(reading.matching()).isBetween(14, 42);
  }

  @Test
  void mark_isInvisible_psnrAbove40Db() {
    assertThat(Psnr.of(painted, marked)).isGreaterThan(40);
  }

  @Test
  void mark_survivesALosslessCopy() throws IOException {
    ByteArrayOutputStream png = new ByteArrayOutputStream();
    ImageIO.write(marked, "png", png);

    assertThat(
            InvisibleMark.read(ImageIO.read(new ByteArrayInputStream(png.toByteArray())))
                .matching())
        .isEqualTo(56);
  }

  @Test
  void mark_survivesJpegAtQuality95() throws IOException {
    assertThat(InvisibleMark.read(jpeg(marked, 0.95f)).present()).isTrue();
  }

  @Test
  void mark_survivesCuttingRowsOffTheBottom() {
    assertThat(InvisibleMark.read(marked.getSubimage(0, 0, 512, 400)).matching()).isEqualTo(56);
  }

  // What the method does not survive (stated in docs/provenance.md): a lossy re-encoding at quality
  // 75, a resize to half, a crop that shifts the 4x4 block grid. Each leaves about chance
  // agreement.

  @Test
  void mark_doesNotSurviveJpegAtQuality75() throws IOException {
    assertThat(InvisibleMark.read(jpeg(marked, 0.75f)).present()).isFalse();
  }

  @Test
  void mark_doesNotSurviveAResizeToHalf() {
    assertThat(InvisibleMark.read(resize(marked, 256, 256)).present()).isFalse();
  }

  @Test
  void mark_doesNotSurviveACropThatShiftsTheGrid() {
    assertThat(InvisibleMark.read(marked.getSubimage(51, 51, 461, 461)).present()).isFalse();
  }

  @Test
  void tooSmallPicture_isLeftAsItIs_andSaysItCannotCarryTheMark() {
    BufferedImage small = marked.getSubimage(0, 0, 255, 256);

    assertThat(InvisibleMark.embed(small)).isSameAs(small);
    assertThat(InvisibleMark.read(marked.getSubimage(0, 0, 24, 24)).large()).isFalse();
  }

  static BufferedImage jpeg(BufferedImage image, float quality) throws IOException {
    ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
      ImageWriteParam param = writer.getDefaultWriteParam();
      param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
      param.setCompressionQuality(quality);
      writer.setOutput(out);
      writer.write(null, new IIOImage(image, null, null), param);
    } finally {
      writer.dispose();
    }
    return ImageIO.read(new ByteArrayInputStream(bytes.toByteArray()));
  }

  static BufferedImage resize(BufferedImage image, int width, int height) {
    BufferedImage small = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = small.createGraphics();
    g.setRenderingHint(
        RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
    g.drawImage(image, 0, 0, width, height, null);
    g.dispose();
    return small;
  }
}
