package io.goldpan.runner;

import static org.assertj.core.api.Assertions.assertThat;

import io.goldpan.runner.storage.PngText;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code goldpan-runner generate}, run in-process through the command's entry point. */
class GenerateCommandTest {
  private static final String TINY_SD =
      Path.of("src/test/resources/sd/models/tiny-sd").toAbsolutePath().toString();

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @TempDir Path dir;

  private int run(boolean terminal, String... args) {
    return Main.run(
        args,
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8),
        terminal);
  }

  @Test
  void generate_withTheTinyModel_writesOnePngPerSeed_withTheParametersChunk() throws Exception {
    int status =
        run(
            false,
            "generate",
            "--model",
            TINY_SD,
            "--prompt",
            "a gnome",
            "--negative",
            "blurry",
            "--seed",
            "7",
            "--steps",
            "2",
            "--guidance",
            "7.5",
            "--count",
            "2",
            "--size",
            "64x64",
            "--scheduler",
            "euler_a",
            "--provider",
            "cpu",
            "--out",
            dir.toString());

    assertThat(status).as(err.toString(StandardCharsets.UTF_8)).isZero();
    Path second = dir.resolve("tiny-sd-8.png");
    assertThat(out.toString(StandardCharsets.UTF_8).lines())
        .containsExactly(dir.resolve("tiny-sd-7.png").toString(), second.toString());
    BufferedImage image = ImageIO.read(second.toFile());
    assertThat(image.getWidth()).isEqualTo(64);
    assertThat(image.getHeight()).isEqualTo(64);
    assertThat(PngText.read(Files.readAllBytes(second)))
        .containsEntry(
            "parameters",
            "a gnome\n"
                + "Negative prompt: blurry\n"
                + "Steps: 2, Sampler: Euler a, CFG scale: 7.5, Seed: 8, Size: 64x64, Model:"
                + " tiny-sd");
    assertThat(err.toString(StandardCharsets.UTF_8).lines())
        .containsSubsequence(
            "image 1/2  step 1/4",
            "image 1/2  step 2/4",
            "image 2/2  step 3/4",
            "image 2/2  step 4/4")
        .noneMatch(line -> line.contains("\r"));
  }

  @Test
  void generate_onATerminal_rewritesOneProgressLine() {
    int status =
        run(
            true,
            "generate",
            "--model",
            "demo",
            "--prompt",
            "a gnome",
            "--seed",
            "1",
            "--count",
            "2",
            "--size",
            "64x64",
            "--provider",
            "cpu",
            "--out",
            dir.toString());

    assertThat(status).isZero();
    assertThat(Files.exists(dir.resolve("demo-1.png"))).isTrue();
    assertThat(Files.exists(dir.resolve("demo-2.png"))).isTrue();
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("\r[###############...............] image 1/2  step 1/2")
        .contains(
            "\r[##############################] image 2/2  step 2/2" + System.lineSeparator());
  }

  @Test
  void generate_withoutAModelDirectory_failsNamingTheMissingFile() {
    int status =
        run(
            false,
            "generate",
            "--model",
            dir.resolve("nowhere").toString(),
            "--prompt",
            "x",
            "--provider",
            "cpu",
            "--out",
            dir.toString());

    assertThat(status).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .startsWith(
            "goldpan-runner generate: model directory "
                + dir.resolve("nowhere")
                + " does not exist");
  }

  @Test
  void generate_withABadSize_saysWhich_andExitsTwo() {
    assertThat(
            run(
                false,
                "generate",
                "--model",
                "demo",
                "--prompt",
                "x",
                "--size",
                "100",
                "--out",
                "o"))
        .isEqualTo(2);

    assertThat(err.toString(StandardCharsets.UTF_8))
        .startsWith("goldpan-runner generate: --size must be WIDTHxHEIGHT");
  }
}
