package io.goldpan.runner;

import static org.assertj.core.api.Assertions.assertThat;

import io.goldpan.runner.config.RunnerConfig;
import io.goldpan.runner.hub.FakeHub;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code goldpan-runner models pull|list|rm} end to end against a fake Hub, then generate. */
class ModelsCommandTest {
  private static final Path TINY_SD =
      Path.of("src/test/resources/sd/models/tiny-sd").toAbsolutePath();
  private static final Path TINY_SD_FP16 =
      Path.of("src/test/resources/sd/models/tiny-sd-fp16").toAbsolutePath();
  private static final Path TINY_SDXL =
      Path.of("src/test/resources/sd/models/tiny-sdxl").toAbsolutePath();

  @TempDir Path dir;

  private final FakeHub fake = new FakeHub();
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @AfterEach
  void stop() {
    fake.close();
  }

  private int run(String... args) {
    out.reset();
    err.reset();
    return Main.run(
        args,
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8),
        false,
        Map.of(
            "HF_ENDPOINT", fake.endpoint().toString(),
            "GOLDPAN_MODELS_DIR", dir.resolve("models").toString()));
  }

  private String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  /**
   * {@code generate} paints one 64×64 picture with the installed model {@code model} in one step on
   * the CPU, with {@code extra} options.
   */
  private void assertPaintsA64PixelPicture(String model, int seed, String... extra)
      throws Exception {
    List<String> args =
        new ArrayList<>(
            List.of(
                "generate",
                "--model",
                model,
                "--prompt",
                "a gnome",
                "--seed",
                String.valueOf(seed),
                "--steps",
                "1",
                "--size",
                "64x64",
                "--provider",
                "cpu",
                "--out",
                dir.resolve("shots").toString()));
    args.addAll(List.of(extra));
    assertThat(run(args.toArray(String[]::new))).as(err()).isZero();
    Path png = dir.resolve("shots/" + model + "-" + seed + ".png");
    assertThat(ImageIO.read(png.toFile()).getWidth()).as(png.toString()).isEqualTo(64);
  }

  @Test
  void pullOfTheSdxlTurboAlias_takesBothEncoders_andPaintsWithTheSettingsItSuggests()
      throws Exception {
    // the tiny random SDXL stands in for the alias's repo: same layout, a few MB
    fake.repo("tlwu/sdxl-turbo-onnxruntime", TINY_SDXL, Map.of());

    assertThat(run("models", "pull", "sdxl-turbo")).as(err()).isZero();

    Path installed = dir.resolve("models/sdxl-turbo");
    assertThat(out().strip()).isEqualTo(installed.toString());
    assertThat(installed.resolve("text_encoder_2/model.onnx")).isRegularFile();
    assertThat(installed.resolve("tokenizer_2")).isDirectory();
    assertThat(err())
        .contains("installed sdxl-turbo (fp32, ")
        .contains("generate --model sdxl-turbo --steps 1 --guidance 0 --size 512x512");
    assertPaintsA64PixelPicture("sdxl-turbo", 5, "--guidance", "0");
  }

  @Test
  void pull_thenGenerateWithThePulledModel_thenListAndRemoveIt() throws Exception {
    fake.repo("goldpan/tiny-sd", TINY_SD, Map.of())
        .repo("goldpan/tiny-sd-fp16", TINY_SD_FP16, Map.of())
        .gated("goldpan/tiny-sd");
    Path envFile = Files.writeString(dir.resolve("hub.env"), "HF_TOKEN=" + FakeHub.TOKEN + "\n");

    assertThat(
            run(
                "models",
                "pull",
                "goldpan/tiny-sd@main",
                "--name",
                "tiny",
                "--env-file",
                envFile.toString()))
        .as(err())
        .isZero();
    Path installed = dir.resolve("models/tiny");
    assertThat(out().strip()).isEqualTo(installed.toString());
    assertThat(err())
        .contains("downloading unet/model.onnx_data (807.8 kB)")
        .contains("verified unet/model.onnx_data")
        .contains("installed tiny (fp32, ");
    assertThat(run("models", "pull", "goldpan/tiny-sd-fp16")).as(err()).isZero();

    assertPaintsA64PixelPicture("tiny", 3);
    // The next run serves what was pulled.
    assertThat(
            RunnerConfig.from(Map.of("GOLDPAN_MODELS_DIR", dir.resolve("models").toString()))
                .modelNames())
        .containsExactly("tiny", "tiny-sd-fp16");

    assertThat(run("models", "list")).isZero();
    assertThat(out().lines()).hasSize(3).first().asString().startsWith("NAME");
    assertThat(out())
        .containsPattern(
            "tiny +fp32 +1\\.5 MB +~2\\.\\d MB +" + Pattern.quote(installed.toString()))
        .containsPattern("tiny-sd-fp16 +fp16 ");

    assertThat(run("models", "rm", "tiny")).as(err()).isZero();
    assertThat(installed).doesNotExist();
    assertThat(run("models", "rm", "tiny")).isEqualTo(1);
    assertThat(err())
        .isEqualTo(
            "goldpan-runner models rm: no model named 'tiny' in "
                + dir.resolve("models")
                + "; installed: tiny-sd-fp16"
                + System.lineSeparator());
  }

  @Test
  void pull_gatedRepoWithoutToken_exitsOneNamingThePage() {
    fake.repo("goldpan/tiny-sd", TINY_SD, Map.of()).gated("goldpan/tiny-sd");

    assertThat(run("models", "pull", "goldpan/tiny-sd")).isEqualTo(1);

    assertThat(err())
        .startsWith(
            "goldpan-runner models pull: the Hub refused model_index.json of goldpan/tiny-sd@main"
                + " (401, gated repo)")
        .contains(fake.endpoint() + "/goldpan/tiny-sd");
    assertThat(dir.resolve("models/tiny-sd")).doesNotExist();
  }

  @Test
  void generate_withAnUnknownModelName_saysWhereItLooked() {
    assertThat(run("generate", "--model", "nope", "--prompt", "x", "--out", dir.toString()))
        .isEqualTo(1);

    assertThat(err())
        .startsWith(
            "goldpan-runner generate: no model 'nope': it is neither demo, nor installed in "
                + dir.resolve("models"));
  }

  @Test
  void list_ofAnEmptyFolder_saysHowToPull() {
    assertThat(run("models", "list")).isZero();

    assertThat(out()).isEmpty();
    assertThat(err()).contains("models pull sd-turbo");
  }
}
