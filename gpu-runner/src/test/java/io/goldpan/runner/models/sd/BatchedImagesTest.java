package io.goldpan.runner.models.sd;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Images of a seed are the same whether their UNet batch holds 4 of them or 1: each keeps its own
 * generator ({@code seed + i}), for its initial noise and, with ancestral or other stochastic
 * schedulers, for every step's noise.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BatchedImagesTest {
  private static final int COUNT = 4;

  private StableDiffusionPipeline batched;
  private StableDiffusionPipeline oneByOne;

  @BeforeAll
  void open() {
    ModelDirectory model = ModelDirectory.open(PipelineReference.modelDirectory("tiny-sd"));
    batched = StableDiffusionPipeline.open(model, SessionSettings.cpu(), COUNT);
    oneByOne = StableDiffusionPipeline.open(model, SessionSettings.cpu(), 1);
  }

  @AfterAll
  void close() {
    batched.close();
    oneByOne.close();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"euler_a", "dpmpp_2m", "ddim", "lcm"})
  void imagesOfASeed_paintedInABatchOfFour_matchThosePaintedOneByOne(String scheduler) {
    GenerationRequest request =
        new GenerationRequest("a gnome", "blurry", 7, COUNT, 64, 64, 4, 7.5, scheduler);
    StableDiffusionPipeline.Progress ignored =
        new StableDiffusionPipeline.Progress((step, total) -> {}, 0);

    float[] together =
        batched.denoise(request, 0, COUNT, null, ignored, () -> false, (step, latents) -> {});
    int perImage = together.length / COUNT;
    for (int i = 0; i < COUNT; i++) {
      float[] alone =
          oneByOne.denoise(request, i, 1, null, ignored, () -> false, (step, latents) -> {});
      StableDiffusionPipelineTest.assertCloseToScale(
          scheduler + " image " + i + " (seed " + (7 + i) + ")",
          Arrays.copyOfRange(together, i * perImage, (i + 1) * perImage),
          alone,
          1e-5);
    }
    List<BufferedImage> images = batched.generate(request, (step, total) -> {}, () -> false);
    List<BufferedImage> single = oneByOne.generate(request, (step, total) -> {}, () -> false);
    for (int i = 0; i < COUNT; i++) {
      assertThat(PixelComparison.of(images.get(i), single.get(i)).maxDifference())
          .as("image %d within 1/255", i)
          .isLessThanOrEqualTo(1);
    }
    assertThat(PixelComparison.of(images.get(0), images.get(1)).maxDifference())
        .as("images of different seeds differ")
        .isGreaterThan(10);
  }
}
