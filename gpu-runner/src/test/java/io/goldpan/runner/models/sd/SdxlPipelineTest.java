package io.goldpan.runner.models.sd;

import static io.goldpan.runner.models.sd.StableDiffusionPipelineTest.assertCloseToScale;
import static io.goldpan.runner.models.sd.StableDiffusionPipelineTest.assertImagesMatch;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.goldpan.runner.models.ModelException;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * SDXL and SDXL-Turbo against diffusers' {@code StableDiffusionXLPipeline} and {@code
 * StableDiffusionXLImg2ImgPipeline} on a tiny random SDXL ({@code sd/models/tiny-sdxl}: two text
 * encoders of different widths and depths, a UNet with {@code text_embeds} and {@code time_ids}),
 * written by {@code fixtures/make_sdxl_fixtures.py}: latents after every step within 1e-4 of scale
 * and final pictures within 1/255, the tolerances of {@link StableDiffusionPipelineTest}.
 *
 * <p>{@code tiny-sdxl}: SDXL's own Euler, guidance 5 with a negative prompt, with none (zero
 * unconditional embeddings, {@code force_zeros_for_empty_prompt}), 96×64 (time ids are height then
 * width), Euler a, and 1024×1024 (latents only). {@code tiny-sdxl-turbo}: SDXL-Turbo's Euler a with
 * trailing spacing, guidance 0, 1 and 4 steps, and 512×512 (its centre compared). {@code
 * tiny-sdxl-img2img}: strengths 0.6 and 0.75 with guidance, and Turbo's 2 steps at strength 0.5.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SdxlPipelineTest {
  private static final List<String> TEXT_TO_IMAGE = List.of("tiny-sdxl", "tiny-sdxl-turbo");
  private static final String IMG2IMG = "tiny-sdxl-img2img";
  private static final JsonNode IMG2IMG_FIXTURE =
      Fixtures.json("pipeline/" + IMG2IMG + "/runs.json");

  @TempDir static Path models;

  /** Pipelines by scheduler configuration (its JSON text; "" for the model's own). */
  private final Map<String, StableDiffusionPipeline> pipelines = new HashMap<>();

  private StableDiffusionPipeline fp16;

  private BufferedImage picture;

  @BeforeAll
  void readPicture() throws IOException {
    picture =
        ImageIO.read(
            Fixtures.path("pipeline/" + IMG2IMG + "/" + IMG2IMG_FIXTURE.get("init").asText())
                .toFile());
  }

  @AfterAll
  void closePipelines() {
    pipelines.values().forEach(StableDiffusionPipeline::close);
    if (fp16 != null) {
      fp16.close();
    }
  }

  static Stream<PipelineReference> runs() {
    return TEXT_TO_IMAGE.stream().flatMap(variant -> PipelineReference.of(variant).stream());
  }

  /** The runs diffusers decoded (not the 1024×1024 one, recorded as latents only). */
  static Stream<PipelineReference> decodedRuns() {
    return runs().filter(reference -> !reference.run().get("images").isEmpty());
  }

  /** The 64×64 and 96×64 runs with SDXL's own scheduler, for the float16 export. */
  static Stream<PipelineReference> fp16Runs() {
    return PipelineReference.of("tiny-sdxl").stream()
        .filter(reference -> !reference.run().has("step_latents_stride"));
  }

  static Stream<JsonNode> img2imgRuns() {
    List<JsonNode> runs = new ArrayList<>();
    IMG2IMG_FIXTURE.get("runs").forEach(runs::add);
    return runs.stream();
  }

  @Test
  void modelDirectory_ofAnSdxlExport_readsBothEncodersAndSdxlSettings() {
    ModelDirectory model = ModelDirectory.open(PipelineReference.modelDirectory("tiny-sdxl"));

    assertThat(model.isXl()).isTrue();
    assertThat(model.pipelineClass()).isEqualTo("StableDiffusionXLPipeline");
    assertThat(model.textEncoder2()).endsWith(Path.of("text_encoder_2", "model.onnx"));
    assertThat(model.tokenizer2()).endsWith(Path.of("tokenizer_2"));
    assertThat(model.forceZerosForEmptyPrompt()).isTrue();
    assertThat(model.vaeScalingFactor()).isEqualTo(0.13025f);
    assertThat(model.canVary()).isTrue();
    assertThat(ModelDirectory.open(PipelineReference.modelDirectory("tiny-sd")).isXl()).isFalse();
  }

  @Test
  void secondTokenizer_padsWithItsOwnPadToken() {
    ModelDirectory model = ModelDirectory.open(PipelineReference.modelDirectory("tiny-sdxl"));
    ClipTokenizer first = ClipTokenizer.load(model.tokenizer());
    ClipTokenizer second = ClipTokenizer.load(model.tokenizer2());

    assertThat(second.padId()).isEqualTo(second.tokenize("!").get(0));
    assertThat(first.padId()).isEqualTo(first.tokenize("<|endoftext|>").get(0));
    assertThat(second.encode("a fox")).endsWith(second.padId());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("runs")
  void denoise_followsDiffusersStepByStep(PipelineReference reference) throws IOException {
    GenerationRequest request = reference.request();
    List<Integer> checked = new ArrayList<>();

    float[] latents =
        pipelineFor(reference)
            .denoise(
                request,
                0,
                request.count(),
                null,
                progressIgnored(),
                () -> false,
                (step, actual) -> {
                  float[] expected = reference.latentsAfter(step);
                  assertThat(expected).as("diffusers recorded step %d", step).isNotNull();
                  assertCloseToScale(
                      "latents after step " + step, sampled(reference, actual), expected, 1e-4);
                  checked.add(step);
                });

    assertThat(checked).hasSize(request.steps());
    assertThat(latents)
        .hasSize(request.count() * 4 * (request.height() / 8) * (request.width() / 8));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("decodedRuns")
  void generate_paintsDiffusersImages(PipelineReference reference) throws IOException {
    List<int[]> progress = new ArrayList<>();

    List<BufferedImage> images =
        pipelineFor(reference)
            .generate(
                reference.request(),
                (done, total) -> progress.add(new int[] {done, total}),
                () -> false);

    assertImagesMatch(cropped(reference, images), reference.images());
    int steps = reference.request().steps();
    assertThat(progress.get(progress.size() - 1)).containsExactly(steps, steps);
  }

  /**
   * {@code tiny-sdxl-fp16} (the same weights in float16, float16 inputs and outputs, text encoders
   * included) against the float32 reference, with the float16 tolerance of {@link
   * StableDiffusionPipelineTest}.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("fp16Runs")
  void fp16Export_followsDiffusersWithinFloat16Rounding(PipelineReference reference) {
    if (fp16 == null) {
      fp16 =
          StableDiffusionPipeline.open(
              ModelDirectory.open(PipelineReference.modelDirectory("tiny-sdxl-fp16")),
              SessionSettings.cpu());
    }
    GenerationRequest request = reference.request();
    List<Integer> checked = new ArrayList<>();

    float[] latents =
        fp16.denoise(
            request,
            0,
            request.count(),
            null,
            progressIgnored(),
            () -> false,
            (step, actual) -> {
              assertCloseToScale(
                  "latents after step " + step, actual, reference.latentsAfter(step), 1e-2);
              checked.add(step);
            });

    assertThat(checked).hasSize(request.steps());
    assertImagesMatch(
        fp16.decode(latents, request.count(), request.width(), request.height(), () -> false),
        reference.images());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("img2imgRuns")
  void denoise_fromAPicture_followsDiffusersImg2ImgStepByStep(JsonNode run) throws IOException {
    StableDiffusionPipeline pipeline = pipelineFor(run.get("scheduler_config"));
    GenerationRequest request = img2imgRequest(run);
    InitImage init = new InitImage(picture, run.get("strength").asDouble());
    int start = StableDiffusionPipeline.startStep(request, init, request.steps());
    List<Integer> checked = new ArrayList<>();

    pipeline.denoise(
        request,
        0,
        request.count(),
        null,
        pipeline.encode(init, request),
        start,
        progressIgnored(),
        () -> false,
        (step, actual) -> {
          JsonNode expected = run.get("step_latents").get(String.valueOf(step - start));
          assertThat(expected).as("diffusers ran step %d", step).isNotNull();
          assertCloseToScale(
              run.get("name").asText() + " latents after step " + step,
              actual,
              Fixtures.floats(expected),
              1e-4);
          checked.add(step);
        });

    assertThat(checked).hasSize(run.get("timesteps").size());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("img2imgRuns")
  void generate_fromAPicture_paintsDiffusersImg2ImgImages(JsonNode run) throws IOException {
    List<BufferedImage> images =
        pipelineFor(run.get("scheduler_config"))
            .generate(
                img2imgRequest(run),
                new InitImage(picture, run.get("strength").asDouble()),
                (done, total) -> {},
                () -> false);

    List<BufferedImage> expected = new ArrayList<>();
    for (JsonNode file : run.get("images")) {
      expected.add(read("pipeline/" + IMG2IMG + "/" + file.asText()));
    }
    assertImagesMatch(images, expected);
  }

  @Test
  void generate_withABlankNegativePrompt_takesZerosAsWithNone() throws IOException {
    PipelineReference none =
        PipelineReference.of("tiny-sdxl").stream()
            .filter(run -> run.request().negativePrompt() == null && run.request().guidance() > 1)
            .findFirst()
            .orElseThrow();
    GenerationRequest request = none.request();
    GenerationRequest blank =
        new GenerationRequest(
            request.prompt(),
            "  ",
            request.seed(),
            request.count(),
            request.width(),
            request.height(),
            request.steps(),
            request.guidance(),
            request.scheduler());

    List<BufferedImage> images = pipelineFor(none).generate(blank, (d, t) -> {}, () -> false);

    assertImagesMatch(images, none.images());
  }

  @Test
  void open_sdxlUnetWithoutSecondTextEncoder_isRefusedNamingWhatIsMissing() throws IOException {
    Path copy = copyWithSchedulerConfig("no-encoder-2", null);
    deleteTree(copy.resolve("text_encoder_2"));
    Files.writeString(
        copy.resolve("model_index.json"), "{\"_class_name\": \"StableDiffusionPipeline\"}");

    assertThatThrownBy(
            () -> StableDiffusionPipeline.open(ModelDirectory.open(copy), SessionSettings.cpu()))
        .isInstanceOf(ModelException.class)
        .hasMessageContaining("text_embeds")
        .hasMessageContaining("time_ids")
        .hasMessageContaining("text_encoder_2");
  }

  @Test
  void open_withEncodersLackingSdxlOutputs_isRefusedNamingTheFileAndOutput() throws IOException {
    // SD 1.x's text encoder gives only last_hidden_state and pooler_output
    Path noHiddenStates = copyWithSchedulerConfig("no-hidden-states", null);
    Files.copy(
        PipelineReference.modelDirectory("tiny-sd").resolve("text_encoder/model.onnx"),
        noHiddenStates.resolve("text_encoder/model.onnx"),
        StandardCopyOption.REPLACE_EXISTING);
    // SDXL's first encoder in the second's place: hidden states but no projection
    Path noProjection = copyWithSchedulerConfig("no-projection", null);
    Files.copy(
        noProjection.resolve("text_encoder/model.onnx"),
        noProjection.resolve("text_encoder_2/model.onnx"),
        StandardCopyOption.REPLACE_EXISTING);

    assertThatThrownBy(
            () ->
                StableDiffusionPipeline.open(
                    ModelDirectory.open(noHiddenStates), SessionSettings.cpu()))
        .isInstanceOf(ModelException.class)
        .hasMessageContaining(Path.of("text_encoder", "model.onnx").toString())
        .hasMessageContaining("has no hidden_states.N outputs");
    assertThatThrownBy(
            () ->
                StableDiffusionPipeline.open(
                    ModelDirectory.open(noProjection), SessionSettings.cpu()))
        .isInstanceOf(ModelException.class)
        .hasMessageContaining(Path.of("text_encoder_2", "model.onnx").toString())
        .hasMessageContaining("has no 'text_embeds' output");
  }

  @Test
  void open_xlIndexWithoutSecondTextEncoder_namesTheMissingFile() throws IOException {
    Path copy = copyWithSchedulerConfig("xl-no-encoder-2", null);
    deleteTree(copy.resolve("text_encoder_2"));

    assertThatThrownBy(() -> ModelDirectory.open(copy))
        .isInstanceOf(ModelException.class)
        .hasMessageContaining("missing model file")
        .hasMessageContaining(Path.of("text_encoder_2", "model.onnx").toString());
  }

  @Test
  void open_withForceZerosOff_readsIt() throws IOException {
    Path copy = copyWithSchedulerConfig("force-zeros-off", null);
    Files.writeString(
        copy.resolve("model_index.json"),
        "{\"_class_name\": \"StableDiffusionXLPipeline\", \"force_zeros_for_empty_prompt\":"
            + " false}");

    assertThat(ModelDirectory.open(copy).forceZerosForEmptyPrompt()).isFalse();
  }

  @Test
  void decode_whenTheVaeGivesNaN_failsNamingTheFp16SafeVae() throws IOException {
    float[] latents = new float[4 * 8 * 8];
    Arrays.fill(latents, Float.NaN);

    assertThatThrownBy(() -> pipelineFor((JsonNode) null).decode(latents, 1, 64, 64, () -> false))
        .isInstanceOf(ModelException.class)
        .hasMessageContaining("decoded NaN values")
        .hasMessageContaining("madebyollin/sdxl-vae-fp16-fix");
  }

  /**
   * What diffusers recorded of {@code latents}: every value, or for the large runs every {@code
   * step_latents_stride}-th ({@code latents[::stride]}).
   */
  private static float[] sampled(PipelineReference reference, float[] latents) {
    JsonNode stride = reference.run().get("step_latents_stride");
    if (stride == null) {
      return latents;
    }
    int every = stride.asInt();
    float[] out = new float[(latents.length + every - 1) / every];
    for (int i = 0; i < out.length; i++) {
      out[i] = latents[i * every];
    }
    return out;
  }

  /** The pictures, or for the large runs the part diffusers' were cropped to. */
  private static List<BufferedImage> cropped(
      PipelineReference reference, List<BufferedImage> images) {
    JsonNode crop = reference.run().get("image_crop");
    if (crop == null) {
      return images;
    }
    return images.stream()
        .map(
            image ->
                image.getSubimage(
                    crop.get(0).asInt(),
                    crop.get(1).asInt(),
                    crop.get(2).asInt(),
                    crop.get(3).asInt()))
        .toList();
  }

  private static GenerationRequest img2imgRequest(JsonNode run) {
    JsonNode negative = run.get("negative");
    return new GenerationRequest(
        run.get("prompt").asText(),
        negative == null || negative.isNull() ? null : negative.asText(),
        run.get("seed").asLong(),
        run.get("count").asInt(),
        64,
        64,
        run.get("steps").asInt(),
        run.get("guidance").asDouble(),
        null);
  }

  private StableDiffusionPipeline pipelineFor(PipelineReference reference) throws IOException {
    return pipelineFor(
        Fixtures.json("pipeline/" + reference.variant() + "/runs.json").get("scheduler_config"));
  }

  /** The tiny SDXL with {@code schedulerConfig} in place of its own (null: its own). */
  private StableDiffusionPipeline pipelineFor(JsonNode schedulerConfig) throws IOException {
    String key =
        schedulerConfig == null || schedulerConfig.isNull() ? "" : schedulerConfig.toString();
    StableDiffusionPipeline pipeline = pipelines.get(key);
    if (pipeline == null) {
      Path directory =
          key.isEmpty()
              ? PipelineReference.modelDirectory("tiny-sdxl")
              : copyWithSchedulerConfig("scheduler-" + pipelines.size(), schedulerConfig);
      pipeline =
          StableDiffusionPipeline.open(ModelDirectory.open(directory), SessionSettings.cpu());
      pipelines.put(key, pipeline);
    }
    return pipeline;
  }

  private static Path copyWithSchedulerConfig(String name, JsonNode schedulerConfig)
      throws IOException {
    Path directory = PipelineReference.modelDirectory("tiny-sdxl");
    Path copy = models.resolve(name);
    try (Stream<Path> files = Files.walk(directory)) {
      for (Path file : files.toList()) {
        Path target = copy.resolve(directory.relativize(file).toString());
        if (Files.isDirectory(file)) {
          Files.createDirectories(target);
        } else {
          Files.copy(file, target);
        }
      }
    }
    if (schedulerConfig != null) {
      Files.writeString(
          copy.resolve("scheduler/scheduler_config.json"), schedulerConfig.toPrettyString());
    }
    return copy;
  }

  private static void deleteTree(Path directory) throws IOException {
    try (Stream<Path> files = Files.walk(directory)) {
      for (Path file : files.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
        Files.delete(file);
      }
    }
  }

  private static BufferedImage read(String fixture) {
    try {
      return ImageIO.read(Fixtures.path(fixture).toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static StableDiffusionPipeline.Progress progressIgnored() {
    return new StableDiffusionPipeline.Progress((step, total) -> {}, 0);
  }
}
