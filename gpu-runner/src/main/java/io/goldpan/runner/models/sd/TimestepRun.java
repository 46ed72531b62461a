package io.goldpan.runner.models.sd;

import io.goldpan.runner.models.sd.internal.NoiseSchedule;

/**
 * What the runs of the schedulers that step on alphas alone (DDIM, LCM) share: no sigmas, unit
 * initial noise and unscaled model inputs. Subclasses differ only in {@link #step}.
 */
abstract class TimestepRun implements SchedulerRun {
  protected final float[] timesteps;

  private final NoiseSchedule schedule;

  TimestepRun(float[] timesteps, NoiseSchedule schedule) {
    this.timesteps = timesteps;
    this.schedule = schedule;
  }

  @Override
  public float[] timesteps() {
    return timesteps.clone();
  }

  @Override
  public float[] sigmas() {
    return new float[0];
  }

  @Override
  public float initNoiseSigma() {
    return 1f;
  }

  @Override
  public float[] scaleModelInput(float[] sample, int step) {
    return sample;
  }

  /**
   * {@code alphas_cumprod[t] ** 0.5 * original + (1 - alphas_cumprod[t]) ** 0.5 * noise}, in
   * float32.
   */
  @Override
  public float[] addNoise(float[] original, float[] noise, int step) {
    float alpha = schedule.alphaCumprod((int) timesteps[step]);
    float sqrtAlpha = (float) Math.sqrt(alpha);
    float sqrtOneMinusAlpha = (float) Math.sqrt(1f - alpha);
    float[] out = new float[original.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = sqrtAlpha * original[i] + sqrtOneMinusAlpha * noise[i];
    }
    return out;
  }
}
