package io.goldpan.runner;

import static org.assertj.core.api.Assertions.assertThat;

import io.goldpan.contract.Contract;
import io.goldpan.contract.JobMessage;
import io.goldpan.contract.JobParameters;
import io.goldpan.runner.provenance.RunnerVersion;
import io.goldpan.runner.storage.ImageEncoding;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code goldpan-runner check}, run in-process through the command's entry point. */
class CheckCommandTest {
  private static final JobMessage JOB =
      new JobMessage(
          Contract.VERSION,
          "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d",
          JobParameters.textToImage(
              "cctv footage of a gnome", null, 1, 42, 320, 320, 4, 7.5, "sd-turbo", null),
          null,
          null);

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @TempDir Path dir;

  private int run(String... args) {
    return Main.run(
        args,
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  private static BufferedImage picture() {
    BufferedImage image = new BufferedImage(320, 320, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < 320; y++) {
      for (int x = 0; x < 320; x++) {
        image.setRGB(x, y, (x * 255 / 320) << 16 | (y * 255 / 320) << 8 | (x ^ y) & 0xFF);
      }
    }
    return image;
  }

  @Test
  void check_aPngAndAThumbnailTheRunnerWrote_saysAModelMadeThem_andWhich() throws Exception {
    Path png = Files.write(dir.resolve("0.png"), ImageEncoding.png(picture(), JOB, 0, null));
    Path jpeg = Files.write(dir.resolve("0.jpg"), ImageEncoding.thumbnail(picture(), JOB));

    assertThat(run("check", png.toString(), jpeg.toString())).as(err()).isZero();

    String madeByAModel =
        "  XMP: made by a model (IPTC trainedAlgorithmicMedia)\n"
            + "  model: sd-turbo\n"
            + "  software: Goldpan "
            + RunnerVersion.get()
            + "\n";
    assertThat(out().replace(System.lineSeparator(), "\n"))
        .contains(png + ": PNG 320x320\n  watermark: yes (56/56 bits of the mark)\n" + madeByAModel)
        .containsPattern(
            jpeg
                + ": JPEG 256x256\n  watermark: no \\(\\d+/56 bits of the mark; chance is about"
                + " half\\)\n")
        .contains("half)\n" + madeByAModel);
    assertThat(err()).isEmpty();
  }

  @Test
  void check_aPngWithoutXmp_saysSo_andExitsZero() throws Exception {
    Path png =
        Files.write(
            dir.resolve("plain.png"), ImageEncoding.png(picture(), Map.of("parameters", "x")));

    assertThat(run("check", png.toString())).isZero();

    assertThat(out().replace(System.lineSeparator(), "\n"))
        .containsPattern(
            png + ": PNG 320x320\n  watermark: no \\(\\d+/56 bits[^\n]*\n  XMP: none\n");
  }

  @Test
  void check_unreadableFiles_sayWhy_reportTheOthers_andExitOne() throws Exception {
    Path missing = dir.resolve("missing.png");
    Path text = Files.writeString(dir.resolve("notes.png"), "not a picture");
    Path png = Files.write(dir.resolve("0.png"), ImageEncoding.png(picture(), JOB, 0, null));

    assertThat(run("check", missing.toString(), text.toString(), png.toString())).isEqualTo(1);

    assertThat(err().lines())
        .containsExactly(
            "goldpan-runner check: " + missing + ": cannot read: no such file",
            "goldpan-runner check: " + text + ": cannot read: not a PNG or a JPEG");
    assertThat(out()).contains(png + ": PNG").contains("model: sd-turbo");
  }

  @Test
  void check_aPictureTooSmallForTheMark_saysSo() throws Exception {
    Path png =
        Files.write(
            dir.resolve("small.png"),
            ImageEncoding.png(new BufferedImage(16, 16, BufferedImage.TYPE_INT_RGB), JOB, 0, null));

    assertThat(run("check", png.toString())).isZero();

    assertThat(out()).contains("watermark: none (too small to carry one)");
  }

  @Test
  void check_aPngClaimingAHugePicture_isRefusedBeforeDecoding() throws Exception {
    byte[] png = ImageEncoding.png(picture(), Map.of());
    // IHDR's width and height, 20000 x 20000, with the chunk's CRC made right again.
    ByteBuffer.wrap(png, 16, 8).putInt(20_000).putInt(20_000);
    CRC32 crc = new CRC32();
    crc.update(png, 12, 17);
    ByteBuffer.wrap(png, 29, 4).putInt((int) crc.getValue());
    Path file = Files.write(dir.resolve("huge.png"), png);

    assertThat(run("check", file.toString())).isEqualTo(1);

    assertThat(err())
        .isEqualTo(
            "goldpan-runner check: "
                + file
                + ": cannot read: a picture of 400000000 pixels is more than the 100000000 check"
                + " decodes"
                + System.lineSeparator());
  }

  @Test
  void check_damagedXmp_saysSo_andStillReportsTheMark() throws Exception {
    Path png =
        Files.write(
            dir.resolve("bad-xmp.png"),
            ImageEncoding.png(picture(), Map.of(), "<x:xmpmeta><unclosed></x:xmpmeta>"));

    assertThat(run("check", png.toString())).isZero();

    assertThat(out())
        .contains("watermark: no (")
        .contains("XMP: damaged (the XMP packet is not well-formed XML: ");
  }

  @Test
  void check_withoutFiles_isAUsageError() {
    assertThat(run("check")).isEqualTo(2);

    assertThat(err()).contains("Missing required parameter: 'FILE'");
  }
}
