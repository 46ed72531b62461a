package io.goldpan.runner.models.sd;

import java.util.List;

/**
 * One scheduler run over a batch: its timesteps and the state carried between steps. Samples are
 * float32 tensors {@code [batch, 4, height/8, width/8]} flattened row-major. Not thread-safe.
 */
public interface SchedulerRun {
  /** The timestep fed to the UNet at each step, in order; its length is the number of steps. */
  float[] timesteps();

  /** The noise levels, one per timestep plus the final one; empty for schedulers without sigmas. */
  float[] sigmas();

  /** Standard deviation the initial Gaussian latents are scaled by. */
  float initNoiseSigma();

  /** The UNet input for step {@code step} (0-based); may return {@code sample} itself. */
  float[] scaleModelInput(float[] sample, int step);

  /**
   * The sample after step {@code step}, from the (guided) model output. Stochastic schedulers draw
   * their noise image by image, each from its own generator, as diffusers does with a list of
   * generators.
   *
   * @param generators one per image of the batch, in batch order
   */
  float[] step(float[] modelOutput, int step, float[] sample, List<TorchGenerator> generators);

  /**
   * diffusers' {@code add_noise}: {@code original} noised to the level of step {@code step}, as
   * image-to-image starts there ({@code set_begin_index(step)}, then {@code add_noise} at {@code
   * timesteps[step]}).
   */
  float[] addNoise(float[] original, float[] noise, int step);

  /**
   * The last {@link #step}'s estimate of the clean sample (diffusers' {@code
   * pred_original_sample}), for previews of the picture as it forms; null when this scheduler does
   * not keep one (a preview then shows the current sample). Not a copy: do not change it.
   */
  default float[] denoised() {
    return null;
  }
}
