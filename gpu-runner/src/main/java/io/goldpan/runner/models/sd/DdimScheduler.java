package io.goldpan.runner.models.sd;

import io.goldpan.runner.models.sd.internal.NoiseSchedule;
import io.goldpan.runner.models.sd.internal.PredictionType;
import io.goldpan.runner.models.sd.internal.TimestepSpacing;
import java.util.List;

/**
 * diffusers' {@code DDIMScheduler} with {@code eta = 0} (deterministic), as the Stable Diffusion
 * pipeline calls it. Like diffusers, the previous timestep is always {@code t - train/steps},
 * whatever the spacing.
 */
final class DdimScheduler implements Scheduler {
  private final NoiseSchedule schedule;
  private final TimestepSpacing spacing;
  private final int stepsOffset;
  private final PredictionType prediction;
  private final float finalAlphaCumprod;
  private final boolean clipSample;
  private final float clipRange;

  DdimScheduler(SchedulerConfig config) {
    schedule = Schedules.noise(config, 0.0001, 0.02, "linear");
    spacing = TimestepSpacing.of(config.text("timestep_spacing", "leading"));
    stepsOffset = config.integer("steps_offset", 0);
    prediction = PredictionType.of(config.text("prediction_type", "epsilon"));
    finalAlphaCumprod = config.flag("set_alpha_to_one", true) ? 1f : schedule.alphaCumprod(0);
    clipSample = config.flag("clip_sample", true);
    clipRange = (float) config.number("clip_sample_range", 1.0);
    config.requireDefault("thresholding", false);
    config.requireDefault("rescale_betas_zero_snr", false);
  }

  @Override
  public String className() {
    return "DDIMScheduler";
  }

  @Override
  public SchedulerRun start(int steps) {
    Schedules.requireSteps(steps, schedule);
    return new Run(spacing.ddimTimesteps(schedule.trainTimesteps(), steps, stepsOffset), steps);
  }

  private final class Run extends TimestepRun {
    private final int stride;

    Run(float[] timesteps, int steps) {
      super(timesteps, schedule);
      this.stride = schedule.trainTimesteps() / steps;
    }

    @Override
    public float[] step(
        float[] modelOutput, int step, float[] sample, List<TorchGenerator> generators) {
      int t = (int) timesteps[step];
      int previous = t - stride;
      float alpha = schedule.alphaCumprod(t);
      float alphaPrevious = previous >= 0 ? schedule.alphaCumprod(previous) : finalAlphaCumprod;
      float beta = 1f - alpha;
      float sqrtAlpha = (float) Math.sqrt(alpha);
      float sqrtBeta = (float) Math.sqrt(beta);
      float sqrtAlphaPrevious = (float) Math.sqrt(alphaPrevious);
      // eta = 0: no variance term, so the direction coefficient is sqrt(1 - alpha_prev)
      float direction = (float) Math.sqrt(1f - alphaPrevious);
      float[] out = new float[sample.length];
      for (int i = 0; i < out.length; i++) {
        float original;
        float epsilon;
        switch (prediction) {
          case EPSILON -> {
            original = (sample[i] - sqrtBeta * modelOutput[i]) / sqrtAlpha;
            epsilon = modelOutput[i];
          }
          case SAMPLE -> {
            original = modelOutput[i];
            epsilon = (sample[i] - sqrtAlpha * original) / sqrtBeta;
          }
          default -> {
            original = sqrtAlpha * sample[i] - sqrtBeta * modelOutput[i];
            epsilon = sqrtAlpha * modelOutput[i] + sqrtBeta * sample[i];
          }
        }
        if (clipSample) {
          original = Math.max(-clipRange, Math.min(clipRange, original));
        }
        out[i] = sqrtAlphaPrevious * original + direction * epsilon;
      }
      return out;
    }
  }
}
