package io.goldpan.runner.models.sd;

import io.goldpan.runner.models.ModelException;

/**
 * What to paint: image {@code i} of the request uses seed {@code seed + i}, so any image can be
 * repainted alone.
 *
 * @param prompt what to paint
 * @param negativePrompt what to steer away from with classifier-free guidance; null or blank for
 *     none
 * @param seed seed of the first image
 * @param count number of images
 * @param width multiple of 8
 * @param height multiple of 8
 * @param steps denoising steps
 * @param guidance classifier-free guidance scale; at most 1 turns guidance off (SD-Turbo uses 0)
 * @param scheduler a name of {@link io.goldpan.contract.Sampler#names()} (e.g. {@code euler_a},
 *     {@code dpmpp_2m_karras}) or a diffusers class name, or null for the model's own
 * @param fastDecoder whether the images are decoded with the model's TAESD decoder instead of its
 *     VAE ({@code decoder: fast}); a model without one decodes with its VAE
 */
public record GenerationRequest(
    String prompt,
    String negativePrompt,
    long seed,
    int count,
    int width,
    int height,
    int steps,
    double guidance,
    String scheduler,
    boolean fastDecoder) {

  /** A request decoded with the model's VAE. */
  public GenerationRequest(
      String prompt,
      String negativePrompt,
      long seed,
      int count,
      int width,
      int height,
      int steps,
      double guidance,
      String scheduler) {
    this(prompt, negativePrompt, seed, count, width, height, steps, guidance, scheduler, false);
  }

  /**
   * @throws ModelException naming the field that is out of range
   */
  public GenerationRequest {
    if (prompt == null) {
      throw new ModelException("prompt is required");
    }
    if (count < 1) {
      throw new ModelException("count must be at least 1, got " + count);
    }
    if (width < 8 || width % 8 != 0 || height < 8 || height % 8 != 0) {
      throw new ModelException(
          "width and height must be positive multiples of 8, got " + width + "x" + height);
    }
    if (steps < 1) {
      throw new ModelException("steps must be at least 1, got " + steps);
    }
    if (!Double.isFinite(guidance) || guidance < 0) {
      throw new ModelException("guidance must be a finite number >= 0, got " + guidance);
    }
  }
}
