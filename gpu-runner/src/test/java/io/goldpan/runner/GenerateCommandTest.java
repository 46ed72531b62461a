package io.goldpan.runner;

import static org.assertj.core.api.Assertions.assertThat;

import io.goldpan.runner.provenance.EmbeddedXmp;
import io.goldpan.runner.provenance.Xmp;
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
  private static final String TINY_SDXL =
      Path.of("src/test/resources/sd/models/tiny-sdxl").toAbsolutePath().toString();

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
    assertThat(EmbeddedXmp.read(Files.readAllBytes(second)).map(Xmp::read))
        .hasValueSatisfying(
            xmp -> {
              assertThat(xmp.madeByAModel()).isTrue();
              assertThat(xmp.model()).isEqualTo("tiny-sd");
            });
    assertThat(err.toString(StandardCharsets.UTF_8).lines())
        .containsSubsequence(
            "image 1/2  step 1/4",
            "image 1/2  step 2/4",
            "image 2/2  step 3/4",
            "image 2/2  step 4/4")
        .noneMatch(line -> line.contains("\r"));
  }

  @Test
  void generate_withTheFastDecoder_paintsDiffusersAutoencoderTinyPicture() throws Exception {
    int status =
        run(
            false,
            "generate",
            "--model",
            TINY_SD,
            "--prompt",
            "a photo of an astronaut riding a horse on mars",
            "--negative",
            "blurry, low quality",
            "--seed",
            "42",
            "--steps",
            "4",
            "--guidance",
            "7.5",
            "--size",
            "64x64",
            "--scheduler",
            "euler",
            "--decoder",
            "fast",
            "--provider",
            "cpu",
            "--out",
            dir.toString());

    assertThat(status).as(err.toString(StandardCharsets.UTF_8)).isZero();
    BufferedImage image = ImageIO.read(dir.resolve("tiny-sd-42.png").toFile());
    BufferedImage reference =
        ImageIO.read(
            Path.of("src/test/resources/sd/pipeline/tiny-sd-taesd/run00-euler-g7.5-n3-0.png")
                .toFile());
    int worst = 0;
    for (int y = 0; y < 64; y++) {
      for (int x = 0; x < 64; x++) {
        for (int shift = 0; shift <= 16; shift += 8) {
          int a = (image.getRGB(x, y) >> shift) & 0xff;
          int b = (reference.getRGB(x, y) >> shift) & 0xff;
          worst = Math.max(worst, Math.abs(a - b));
        }
      }
    }
    // the PNG carries Goldpan's invisible mark, a few levels on some pixels
    assertThat(worst).as("largest channel difference from diffusers' picture").isLessThan(8);
  }

  @Test
  void generate_withAnUnknownDecoder_failsNamingTheOption() {
    int status =
        run(
            false,
            "generate",
            "--model",
            TINY_SD,
            "--prompt",
            "a gnome",
            "--decoder",
            "tiny",
            "--out",
            dir.toString());

    assertThat(status).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("--decoder must be full or fast, not 'tiny'");
  }

  @Test
  void generate_withAnSdxlModel_paintsTurboStyle_andWithGuidance() throws Exception {
    int turbo =
        run(
            false,
            "generate",
            "--model",
            TINY_SDXL,
            "--prompt",
            "a gnome",
            "--seed",
            "5",
            "--steps",
            "1",
            "--guidance",
            "0",
            "--size",
            "64x64",
            "--provider",
            "cpu",
            "--out",
            dir.toString());
    assertThat(turbo).as(err.toString(StandardCharsets.UTF_8)).isZero();
    int guided =
        run(
            false,
            "generate",
            "--model",
            TINY_SDXL,
            "--prompt",
            "a gnome",
            "--negative",
            "blurry",
            "--seed",
            "6",
            "--steps",
            "2",
            "--guidance",
            "5",
            "--size",
            "96x64",
            "--provider",
            "cpu",
            "--out",
            dir.toString());

    assertThat(guided).as(err.toString(StandardCharsets.UTF_8)).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8).lines())
        .containsExactly(
            dir.resolve("tiny-sdxl-5.png").toString(), dir.resolve("tiny-sdxl-6.png").toString());
    BufferedImage wide = ImageIO.read(dir.resolve("tiny-sdxl-6.png").toFile());
    assertThat(wide.getWidth()).isEqualTo(96);
    assertThat(wide.getHeight()).isEqualTo(64);
    assertThat(PngText.read(Files.readAllBytes(dir.resolve("tiny-sdxl-6.png"))))
        .containsEntry(
            "parameters",
            "a gnome\n"
                + "Negative prompt: blurry\n"
                + "Steps: 2, Sampler: Euler, CFG scale: 5, Seed: 6, Size: 96x64, Model:"
                + " tiny-sdxl");
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

  private static final String INIT =
      Path.of("src/test/resources/sd/pipeline/tiny-sd-img2img/init.png")
          .toAbsolutePath()
          .toString();

  @Test
  void generate_fromAPicture_takesItsSize_runsOnlyStepsTimesStrength_andSaysTheStrength()
      throws Exception {
    int status =
        run(
            false,
            "generate",
            "--model",
            TINY_SD,
            "--prompt",
            "a gnome",
            "--init",
            INIT,
            "--strength",
            "0.6",
            "--seed",
            "42",
            "--steps",
            "4",
            "--scheduler",
            "euler",
            "--provider",
            "cpu",
            "--out",
            dir.toString());

    assertThat(status).as(err.toString(StandardCharsets.UTF_8)).isZero();
    Path file = dir.resolve("tiny-sd-42.png");
    BufferedImage image = ImageIO.read(file.toFile());
    assertThat(image.getWidth()).isEqualTo(64);
    assertThat(image.getHeight()).isEqualTo(64);
    // int(4 x 0.6) = 2 of the 4 steps run
    assertThat(err.toString(StandardCharsets.UTF_8).lines())
        .containsExactly("image 1/1  step 1/2", "image 1/1  step 2/2");
    assertThat(PngText.read(Files.readAllBytes(file)).get("parameters"))
        .endsWith("Size: 64x64, Model: tiny-sd, Denoising strength: 0.6");
  }

  @Test
  void generate_fromAPicture_withAModelThatCannotVary_failsNamingIt() {
    int status =
        run(
            false,
            "generate",
            "--model",
            "demo",
            "--prompt",
            "x",
            "--init",
            INIT,
            "--provider",
            "cpu",
            "--out",
            dir.toString());

    assertThat(status).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("model demo cannot vary images: its export has no vae_encoder");
    assertThat(dir.resolve("demo-0.png")).doesNotExist();
  }

  @Test
  void generate_withABadStrength_orAStrengthWithoutInit_saysWhich_andExitsTwo() {
    for (String strength : new String[] {"0", "1.5", "half"}) {
      err.reset();
      assertThat(
              run(
                  false,
                  "generate",
                  "--model",
                  "demo",
                  "--prompt",
                  "x",
                  "--init",
                  INIT,
                  "--strength",
                  strength,
                  "--out",
                  "o"))
          .isEqualTo(2);
      assertThat(err.toString(StandardCharsets.UTF_8))
          .startsWith(
              "goldpan-runner generate: --strength must be a number greater than 0 and at most 1");
    }
    err.reset();
    assertThat(
            run(
                false,
                "generate",
                "--model",
                "demo",
                "--prompt",
                "x",
                "--strength",
                "0.5",
                "--out",
                "o"))
        .isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .startsWith("goldpan-runner generate: --strength needs --init");
  }

  @Test
  void generate_withAnInitThatIsNoPicture_failsNamingTheFile() throws Exception {
    Path text = Files.writeString(dir.resolve("notes.txt"), "not a picture");

    int status =
        run(
            false,
            "generate",
            "--model",
            TINY_SD,
            "--prompt",
            "x",
            "--init",
            text.toString(),
            "--provider",
            "cpu",
            "--out",
            dir.toString());

    assertThat(status).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("--init " + text + " is not a PNG or JPEG file");
  }
}
