package io.goldpan.runner.models.sd;

/**
 * What the Euler schedulers' runs share: their timesteps and sigmas, the initial noise sigma, and
 * model inputs scaled by {@code 1 / sqrt(sigma² + 1)}. Subclasses differ only in {@link #step}.
 */
abstract class EulerRun implements SchedulerRun {
  protected final float[] timesteps;

  /** One per timestep plus the final one. */
  protected final float[] sigmas;

  private final float initNoiseSigma;

  /** The last step's estimate of the clean sample; null before the first step. */
  protected float[] denoised;

  EulerRun(float[] timesteps, float[] sigmas, float initNoiseSigma) {
    this.timesteps = timesteps;
    this.sigmas = sigmas;
    this.initNoiseSigma = initNoiseSigma;
  }

  @Override
  public float[] timesteps() {
    return timesteps.clone();
  }

  @Override
  public float[] sigmas() {
    return sigmas.clone();
  }

  @Override
  public float[] denoised() {
    return denoised;
  }

  @Override
  public float initNoiseSigma() {
    return initNoiseSigma;
  }

  @Override
  public float[] scaleModelInput(float[] sample, int step) {
    return EulerSigmas.scale(sample, sigmas[step]);
  }

  /** {@code original + noise * sigma}, in float32. */
  @Override
  public float[] addNoise(float[] original, float[] noise, int step) {
    float sigma = sigmas[step];
    float[] out = new float[original.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = original[i] + noise[i] * sigma;
    }
    return out;
  }
}
