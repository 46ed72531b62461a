package io.goldpan.runner.models.sd;

import io.goldpan.runner.models.ModelException;
import io.goldpan.runner.models.PaintingCancelledException;
import io.goldpan.runner.models.StepListener;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * The entry point the runner calls: one Stable Diffusion model directory, opened once on one
 * execution provider, painting jobs one at a time. Image {@code i} of a job uses seed {@code seed +
 * i}; with the same model, parameters and seed it gives diffusers' pixels.
 */
public final class SdPainter implements AutoCloseable {
  private final StableDiffusionPipeline pipeline;

  private SdPainter(StableDiffusionPipeline pipeline) {
    this.pipeline = pipeline;
  }

  /**
   * Checks {@code modelDirectory} and opens its sessions on {@code settings}.
   *
   * @throws ModelException naming the file that is missing, malformed or refused
   */
  public static SdPainter open(Path modelDirectory, SessionSettings settings) {
    return open(modelDirectory, settings, StableDiffusionPipeline.DEFAULT_MAX_BATCH);
  }

  /** As {@link #open(Path, SessionSettings)}, denoising at most {@code maxBatch} images at once. */
  public static SdPainter open(Path modelDirectory, SessionSettings settings, int maxBatch) {
    return new SdPainter(
        StableDiffusionPipeline.open(ModelDirectory.open(modelDirectory), settings, maxBatch));
  }

  /**
   * Paints {@code count} images.
   *
   * @param negativePrompt null or blank for none
   * @param width multiple of 8
   * @param height multiple of 8
   * @param guidance classifier-free guidance scale; at most 1 turns it off
   * @param scheduler a name of {@link io.goldpan.contract.Sampler#names()} (e.g. {@code euler_a},
   *     {@code pndm}, {@code dpmpp_2m_karras}) or a diffusers class name; null for the model's own
   * @param progress told (steps done, total steps) after every step; null to ignore
   * @param cancelCheck asked before every step and every decode; true stops painting; null never
   *     stops
   * @return RGB images in seed order
   * @throws PaintingCancelledException when {@code cancelCheck} said stop
   * @throws ModelException when a parameter is out of range or the model fails
   */
  public List<BufferedImage> paint(
      String prompt,
      String negativePrompt,
      long seed,
      int count,
      int width,
      int height,
      int steps,
      double guidance,
      String scheduler,
      StepListener progress,
      BooleanSupplier cancelCheck) {
    GenerationRequest request =
        new GenerationRequest(
            prompt, negativePrompt, seed, count, width, height, steps, guidance, scheduler);
    return pipeline.generate(
        request,
        progress == null ? StepListener.NONE : progress,
        cancelCheck == null ? () -> false : cancelCheck);
  }

  /**
   * As {@link #paint(String, String, long, int, int, int, int, double, String, StepListener,
   * BooleanSupplier)}, starting from {@code init} when it is not null (image to image).
   */
  public List<BufferedImage> paint(
      GenerationRequest request,
      InitImage init,
      StepListener progress,
      BooleanSupplier cancelCheck) {
    return pipeline.generate(
        request,
        init,
        progress == null ? StepListener.NONE : progress,
        cancelCheck == null ? () -> false : cancelCheck);
  }

  /** Whether the model's export has a TAESD decoder, for previews and {@code decoder: fast}. */
  public boolean hasTinyDecoder() {
    return pipeline.hasTinyDecoder();
  }

  /** Whether the model's export has a VAE encoder, so it can start from a picture. */
  public boolean canVary() {
    return pipeline.model().canVary();
  }

  /** Where the sessions run, for the start-up log and image metadata, e.g. {@code CPU}. */
  public String executionProvider() {
    return pipeline.settings().describe();
  }

  /** The diffusers scheduler class a job naming {@code scheduler} (or null) paints with. */
  public String schedulerClassFor(String scheduler) {
    return pipeline.schedulerClassFor(new GenerationRequest("", null, 0, 1, 8, 8, 1, 0, scheduler));
  }

  /**
   * The sampler a job naming {@code scheduler} (or null) paints with, as AUTOMATIC1111 names it,
   * e.g. {@code DPM++ 2M Karras}.
   */
  public String samplerLabelFor(String scheduler) {
    return pipeline.samplerLabelFor(new GenerationRequest("", null, 0, 1, 8, 8, 1, 0, scheduler));
  }

  @Override
  public void close() {
    pipeline.close();
  }
}
