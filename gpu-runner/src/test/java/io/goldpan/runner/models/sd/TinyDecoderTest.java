package io.goldpan.runner.models.sd;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnxruntime.OrtEnvironment;
import com.fasterxml.jackson.databind.JsonNode;
import io.goldpan.runner.models.sd.internal.Images;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The TAESD decoder of {@code tiny-sd} (a tiny random diffusers {@code AutoencoderTiny}) against
 * diffusers' own decode of the same latents: the UNet's latents as they are (TAESD's scaling factor
 * is 1.0), within 1e-4 of scale, and the pictures within 1/255.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TinyDecoderTest {
  private static final int LATENT = 8;
  private static final int SIZE = 64;

  private final JsonNode fixture = Fixtures.json("pipeline/tiny-sd-taesd/runs.json");
  private ModelDirectory model;
  private TinyDecoder decoder;

  @BeforeAll
  void open() {
    model = ModelDirectory.open(PipelineReference.modelDirectory("tiny-sd"));
    decoder =
        TinyDecoder.open(
            OrtEnvironment.getEnvironment(),
            model.tinyDecoder(),
            model.tinyScalingFactor(),
            SessionSettings.cpu());
  }

  @AfterAll
  void close() {
    decoder.close();
  }

  @Test
  void modelDirectory_findsTheTinyDecoder_withAutoencoderTinysScalingFactor() {
    assertThat(model.hasTinyDecoder()).isTrue();
    assertThat(model.tinyDecoder().getParent().getFileName()).hasToString("taesd_decoder");
    assertThat(model.tinyScalingFactor()).isEqualTo(1f);
    assertThat(model.vaeScalingFactor()).isEqualTo(0.18215f);
  }

  @Test
  void decode_givesDiffusersAutoencoderTinyOutput_fromTheUNetsLatentsAsTheyAre() {
    for (JsonNode run : fixture.get("runs")) {
      float[] latents = Fixtures.floats(run.get("latents"));
      float[] expected = Fixtures.floats(run.get("decoded"));
      int count = run.get("count").asInt();
      int perImage = latents.length / count;
      int perPicture = expected.length / count;
      List<BufferedImage> pictures = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        float[] original = Arrays.copyOfRange(latents, i * perImage, (i + 1) * perImage);
        float[] one = original.clone();

        float[] decoded = decoder.decode(one, LATENT, LATENT);

        assertThat(one).as("latents left unchanged").containsExactly(original);
        StableDiffusionPipelineTest.assertCloseToScale(
            run.get("name").asText() + " image " + i,
            decoded,
            Arrays.copyOfRange(expected, i * perPicture, (i + 1) * perPicture),
            1e-4);
        pictures.add(Images.toRgb(decoded, SIZE, SIZE));
      }
      StableDiffusionPipelineTest.assertImagesMatch(
          pictures, new PipelineReference("tiny-sd-taesd", run).images());
    }
  }

  @Test
  void generate_withTheFastDecoder_paintsDiffusersPicturesWithAutoencoderTinyAsTheVae() {
    try (StableDiffusionPipeline pipeline =
        StableDiffusionPipeline.open(model, SessionSettings.cpu())) {
      for (JsonNode run : fixture.get("runs")) {
        PipelineReference reference = new PipelineReference("tiny-sd-taesd", run);
        GenerationRequest plain = reference.request();
        GenerationRequest fast =
            new GenerationRequest(
                plain.prompt(),
                plain.negativePrompt(),
                plain.seed(),
                plain.count(),
                plain.width(),
                plain.height(),
                plain.steps(),
                plain.guidance(),
                plain.scheduler(),
                true);

        List<BufferedImage> images = pipeline.generate(fast, (step, total) -> {}, () -> false);

        StableDiffusionPipelineTest.assertImagesMatch(images, reference.images());
        assertThat(
                PixelComparison.of(
                        images.get(0),
                        pipeline.generate(plain, (step, total) -> {}, () -> false).get(0))
                    .maxDifference())
            .as("the VAE's picture is another")
            .isGreaterThan(10);
      }
    }
  }

  @Test
  void modelDirectory_withoutTaesdDecoder_hasNone() {
    ModelDirectory other = ModelDirectory.open(PipelineReference.modelDirectory("tiny-sd2"));

    assertThat(other.hasTinyDecoder()).isFalse();
    assertThat(other.tinyDecoder()).isNull();
  }
}
