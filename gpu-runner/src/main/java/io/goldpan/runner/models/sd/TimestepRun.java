package io.goldpan.runner.models.sd;

/**
 * What the runs of the schedulers that step on alphas alone (DDIM, LCM) share: no sigmas, unit
 * initial noise and unscaled model inputs. Subclasses differ only in {@link #step}.
 */
abstract class TimestepRun implements SchedulerRun {
  protected final float[] timesteps;

  TimestepRun(float[] timesteps) {
    this.timesteps = timesteps;
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
}
