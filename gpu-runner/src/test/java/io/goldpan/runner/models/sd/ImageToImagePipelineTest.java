package io.goldpan.runner.models.sd;

import static io.goldpan.runner.models.sd.StableDiffusionPipelineTest.assertCloseToScale;
import static io.goldpan.runner.models.sd.StableDiffusionPipelineTest.assertImagesMatch;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.goldpan.runner.models.ModelException;
import io.goldpan.runner.models.sd.internal.Images;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Image to image against diffusers' {@code StableDiffusionImg2ImgPipeline} on tiny-sd's weights
 * ({@code sd/pipeline/tiny-sd-img2img/}): the picture's pixels and its encoding, the timesteps that
 * run for each strength, the noised start, the latents after every step (within 1e-4 of scale) and
 * the final pictures (within 1/255), with the tolerances of {@link StableDiffusionPipelineTest}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ImageToImagePipelineTest {
  private static final String VARIANT = "tiny-sd-img2img";
  private static final JsonNode FIXTURE = Fixtures.json("pipeline/" + VARIANT + "/runs.json");

  private StableDiffusionPipeline pipeline;
  private BufferedImage picture;

  @BeforeAll
  void open() throws IOException {
    pipeline =
        StableDiffusionPipeline.open(
            ModelDirectory.open(PipelineReference.modelDirectory("tiny-sd")),
            SessionSettings.cpu());
    picture =
        ImageIO.read(
            Fixtures.path("pipeline/" + VARIANT + "/" + FIXTURE.get("init").asText()).toFile());
  }

  @AfterAll
  void close() {
    pipeline.close();
  }

  static Stream<JsonNode> runs() {
    List<JsonNode> runs = new ArrayList<>();
    FIXTURE.get("runs").forEach(runs::add);
    return runs.stream();
  }

  private static GenerationRequest requestOf(JsonNode run) {
    return new GenerationRequest(
        run.get("prompt").asText(),
        run.get("negative").asText(),
        run.get("seed").asLong(),
        run.get("count").asInt(),
        64,
        64,
        run.get("steps").asInt(),
        run.get("guidance").asDouble(),
        run.get("scheduler").asText());
  }

  @Test
  void picture_isEncodedAsDiffusersEncodesIt() {
    float[] pixels = Images.toChw(picture, 64, 64);
    assertThat(Fixtures.sha256(pixels))
        .as("preprocessed pixels")
        .isEqualTo(FIXTURE.get("init_pixels").get("sha256").asText());

    float[] parameters =
        pipeline.encode(new InitImage(picture, 0.5), requestOf(FIXTURE.get("runs").get(0)));

    assertCloseToScale(
        "latent distribution parameters",
        parameters,
        Fixtures.floats(FIXTURE.get("latent_parameters")),
        1e-4);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("runs")
  void denoise_fromThePicture_followsDiffusersStepByStep(JsonNode run) {
    GenerationRequest request = requestOf(run);
    InitImage init = new InitImage(picture, run.get("strength").asDouble());
    SchedulerRun schedule = Scheduler.of(schedulerOf(request)).start(request.steps());
    int start = StableDiffusionPipeline.startStep(request, init, schedule.timesteps().length);
    float[] all = schedule.timesteps();
    List<Double> ran = new ArrayList<>();
    for (int i = start; i < all.length; i++) {
      ran.add((double) all[i]);
    }
    List<Double> expectedTimesteps = new ArrayList<>();
    run.get("timesteps").forEach(t -> expectedTimesteps.add(t.asDouble()));
    assertThat(ran).as("timesteps that run").isEqualTo(expectedTimesteps);

    List<Integer> checked = new ArrayList<>();
    float[] latents =
        pipeline.denoise(
            request,
            0,
            request.count(),
            null,
            pipeline.encode(init, request),
            start,
            new StableDiffusionPipeline.Progress((step, total) -> {}, 0),
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

    assertThat(checked).hasSize(expectedTimesteps.size());
    assertThat(latents).hasSize(request.count() * 4 * 8 * 8);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("runs")
  void generate_fromThePicture_paintsDiffusersImagesAndCountsOnlyTheStepsRun(JsonNode run) {
    GenerationRequest request = requestOf(run);
    List<int[]> progress = new ArrayList<>();

    List<BufferedImage> images =
        pipeline.generate(
            request,
            new InitImage(picture, run.get("strength").asDouble()),
            (done, total) -> progress.add(new int[] {done, total}),
            () -> false);

    assertImagesMatch(images, expectedImages(run));
    int ran = run.get("timesteps").size();
    assertThat(progress).hasSize(ran);
    assertThat(progress.get(ran - 1)).containsExactly(ran, ran);
  }

  @Test
  void generate_withAStrengthThatLeavesNoStep_isRefused() {
    GenerationRequest request = requestOf(FIXTURE.get("runs").get(0));

    assertThatThrownBy(
            () ->
                pipeline.generate(request, new InitImage(picture, 0.2), (d, t) -> {}, () -> false))
        .isInstanceOf(ModelException.class)
        .hasMessageContaining("runs no step");
  }

  @Test
  void generate_withAModelWithoutVaeEncoder_isRefusedByName() {
    try (StableDiffusionPipeline noEncoder =
        StableDiffusionPipeline.open(
            ModelDirectory.open(PipelineReference.modelDirectory("tiny-sd2")),
            SessionSettings.cpu())) {
      GenerationRequest request = requestOf(FIXTURE.get("runs").get(0));

      assertThat(noEncoder.model().canVary()).isFalse();
      assertThatThrownBy(
              () ->
                  noEncoder.generate(
                      request, new InitImage(picture, 0.5), (d, t) -> {}, () -> false))
          .isInstanceOf(ModelException.class)
          .hasMessage("model tiny-sd2 cannot vary images: its export has no vae_encoder");
    }
  }

  @Test
  void initImage_strengthOutsideZeroToOne_isRefused() {
    for (double strength : new double[] {0, -0.1, 1.0001, Double.NaN}) {
      assertThatThrownBy(() -> new InitImage(picture, strength))
          .isInstanceOf(ModelException.class)
          .hasMessageContaining("strength must be in (0, 1]");
    }
  }

  private SchedulerConfig schedulerOf(GenerationRequest request) {
    return Scheduler.configFor(request.scheduler(), pipeline.model().scheduler());
  }

  private static List<BufferedImage> expectedImages(JsonNode run) {
    List<BufferedImage> images = new ArrayList<>();
    for (JsonNode file : run.get("images")) {
      try {
        images.add(
            ImageIO.read(Fixtures.path("pipeline/" + VARIANT + "/" + file.asText()).toFile()));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return images;
  }
}
