package io.goldpan.runner.models.sd;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.goldpan.runner.models.StepListener;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Previews while a request paints: TAESD decodes of the denoised estimate, made by the listener.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PipelinePreviewTest {
  private StableDiffusionPipeline withTaesd;
  private StableDiffusionPipeline withoutTaesd;
  private final JsonNode taesdRun =
      Fixtures.json("pipeline/tiny-sd-taesd/runs.json").get("runs").get(0);

  @BeforeAll
  void open() {
    withTaesd =
        StableDiffusionPipeline.open(
            ModelDirectory.open(PipelineReference.modelDirectory("tiny-sd")),
            SessionSettings.cpu());
    withoutTaesd =
        StableDiffusionPipeline.open(
            ModelDirectory.open(PipelineReference.modelDirectory("tiny-sd2")),
            SessionSettings.cpu());
  }

  @AfterAll
  void close() {
    withTaesd.close();
    withoutTaesd.close();
  }

  /** Wants a preview after every step and keeps each, unrendered, as the runner's thread would. */
  static final class Collecting implements StepListener {
    final List<String> steps = new ArrayList<>();
    final List<Supplier<BufferedImage>> renders = new ArrayList<>();
    final boolean wanted;

    Collecting(boolean wanted) {
      this.wanted = wanted;
    }

    @Override
    public void onStep(int step, int totalSteps) {}

    @Override
    public boolean wantsPreview() {
      return wanted;
    }

    @Override
    public void preview(int step, int totalSteps, Supplier<BufferedImage> render) {
      steps.add(step + "/" + totalSteps);
      renders.add(render);
    }
  }

  @Test
  void generate_whenPreviewsAreWanted_offersOneAfterEveryStep_theLastOneTheTaesdPicture() {
    Collecting listener = new Collecting(true);
    PipelineReference reference = new PipelineReference("tiny-sd-taesd", taesdRun);

    List<BufferedImage> images = withTaesd.generate(reference.request(), listener, () -> false);

    assertThat(listener.steps).containsExactly("1/4", "2/4", "3/4", "4/4");
    List<BufferedImage> previews = listener.renders.stream().map(Supplier::get).toList();
    assertThat(previews).allSatisfy(p -> assertThat(p.getWidth()).isEqualTo(64));
    // Euler's last step lands on its denoised estimate: the last preview of the batch's first
    // image is diffusers' TAESD picture of it
    StableDiffusionPipelineTest.assertImagesMatch(
        List.of(previews.get(3)), reference.images().subList(0, 1));
    assertThat(PixelComparison.of(previews.get(0), previews.get(3)).maxDifference())
        .as("the first preview is not yet the picture")
        .isGreaterThan(0);
    // previews change nothing in the images themselves
    StableDiffusionPipelineTest.assertImagesMatch(
        images, withTaesd.generate(reference.request(), StepListener.NONE, () -> false));
  }

  @Test
  void generate_whenNoPreviewIsWanted_offersNone() {
    Collecting listener = new Collecting(false);

    withTaesd.generate(
        new PipelineReference("tiny-sd-taesd", taesdRun).request(), listener, () -> false);

    assertThat(listener.steps).isEmpty();
  }

  @Test
  void generate_withAModelWithoutTaesd_offersNone() {
    Collecting listener = new Collecting(true);

    withoutTaesd.generate(
        new GenerationRequest("a fox", null, 1, 1, 64, 64, 2, 1.0, null), listener, () -> false);

    assertThat(listener.steps).isEmpty();
  }

  @Test
  void previewLatents_areAveragedDownToAtLeast256Pixels_andSmallPicturesAreDecodedAsTheyAre() {
    assertThat(TinyDecoder.previewPooling(64, 64)).isEqualTo(2); // 512²: 256² preview
    assertThat(TinyDecoder.previewPooling(128, 128)).isEqualTo(4); // 1024²
    assertThat(TinyDecoder.previewPooling(96, 64)).isEqualTo(2);
    assertThat(TinyDecoder.previewPooling(32, 32)).isEqualTo(1); // 256²
    assertThat(TinyDecoder.previewPooling(8, 8)).isEqualTo(1);
    assertThat(TinyDecoder.previewPooling(66, 64)).isEqualTo(2);
    assertThat(TinyDecoder.previewPooling(65, 64)).isEqualTo(1); // odd: as it is

    // two channels of 2×4, averaged over 2×2 blocks
    float[] latents = {1, 2, 3, 4, 5, 6, 7, 8, 10, 10, 20, 20, 30, 30, 40, 40};
    assertThat(TinyDecoder.pool(latents, 2, 4, 2)).containsExactly(3.5f, 5.5f, 20f, 30f);
    assertThat(TinyDecoder.pool(latents, 2, 4, 1)).isSameAs(latents);
  }
}
