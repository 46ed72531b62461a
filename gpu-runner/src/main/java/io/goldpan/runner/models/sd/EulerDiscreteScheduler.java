package io.goldpan.runner.models.sd;

import io.goldpan.runner.models.ModelException;
import io.goldpan.runner.models.sd.internal.NoiseSchedule;
import io.goldpan.runner.models.sd.internal.PredictionType;
import io.goldpan.runner.models.sd.internal.TimestepSpacing;
import java.util.List;

/**
 * diffusers' {@code EulerDiscreteScheduler} (Karras et al. Algorithm 2, no churn), with or without
 * Karras sigmas.
 */
final class EulerDiscreteScheduler implements Scheduler {
  private final NoiseSchedule schedule;
  private final TimestepSpacing spacing;
  private final int stepsOffset;
  private final PredictionType prediction;
  private final boolean finalSigmaMin;
  private final boolean karras;
  private final SchedulerConfig config;

  EulerDiscreteScheduler(SchedulerConfig config) {
    schedule = Schedules.noise(config, 0.0001, 0.02, "linear");
    spacing = TimestepSpacing.of(config.text("timestep_spacing", "linspace"));
    stepsOffset = config.integer("steps_offset", 0);
    prediction = PredictionType.of(config.text("prediction_type", "epsilon"));
    config.requireDefault("interpolation_type", "linear");
    karras = config.flag("use_karras_sigmas", false);
    this.config = config;
    config.requireDefault("use_exponential_sigmas", false);
    config.requireDefault("use_beta_sigmas", false);
    config.requireDefault("timestep_type", "discrete");
    config.requireDefault("rescale_betas_zero_snr", false);
    String finalSigmas = config.text("final_sigmas_type", "zero");
    if (!finalSigmas.equals("zero") && !finalSigmas.equals("sigma_min")) {
      throw new ModelException(
          "final_sigmas_type \"" + finalSigmas + "\" is not supported (zero or sigma_min)");
    }
    finalSigmaMin = finalSigmas.equals("sigma_min");
  }

  @Override
  public String className() {
    return "EulerDiscreteScheduler";
  }

  @Override
  public boolean karras() {
    return karras;
  }

  @Override
  public SchedulerRun start(int steps) {
    Schedules.requireSteps(steps, schedule);
    float[] timesteps = spacing.eulerTimesteps(schedule.trainTimesteps(), steps, stepsOffset);
    float last = finalSigmaMin ? schedule.sigmas()[0] : 0f;
    float[] sigmas =
        karras
            ? EulerSigmas.karras(timesteps, schedule, last, config)
            : EulerSigmas.at(timesteps, schedule, last);
    return new Run(
        timesteps, sigmas, EulerSigmas.initNoiseSigma(sigmas, spacing == TimestepSpacing.LEADING));
  }

  private final class Run extends EulerRun {
    Run(float[] timesteps, float[] sigmas, float initNoiseSigma) {
      super(timesteps, sigmas, initNoiseSigma);
    }

    @Override
    public float[] step(
        float[] modelOutput, int step, float[] sample, List<TorchGenerator> generators) {
      float sigma = sigmas[step];
      float[] original =
          prediction == PredictionType.SAMPLE
              ? modelOutput
              : EulerSigmas.predictOriginal(
                  modelOutput, sample, sigma, prediction == PredictionType.V_PREDICTION);
      float dt = sigmas[step + 1] - sigma;
      denoised = original;
      float[] out = new float[sample.length];
      for (int i = 0; i < out.length; i++) {
        float derivative = (sample[i] - original[i]) / sigma;
        out[i] = sample[i] + derivative * dt;
      }
      return out;
    }
  }
}
