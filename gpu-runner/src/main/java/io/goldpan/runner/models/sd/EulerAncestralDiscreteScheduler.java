package io.goldpan.runner.models.sd;

import io.goldpan.runner.models.ModelException;
import io.goldpan.runner.models.sd.internal.Noise;
import io.goldpan.runner.models.sd.internal.NoiseSchedule;
import io.goldpan.runner.models.sd.internal.PredictionType;
import io.goldpan.runner.models.sd.internal.TimestepSpacing;
import java.util.List;

/**
 * diffusers' {@code EulerAncestralDiscreteScheduler}: an Euler step to {@code sigma_down}, then
 * fresh noise of {@code sigma_up} from each image's generator (drawn at every step, the last one
 * included, which keeps the generators in step with diffusers).
 *
 * <p>diffusers' class has no {@code use_karras_sigmas}; here it takes the Karras sigmas and
 * timesteps of {@link EulerDiscreteScheduler} ("Euler a Karras"), stepping on them unchanged.
 */
final class EulerAncestralDiscreteScheduler implements Scheduler {
  private final NoiseSchedule schedule;
  private final TimestepSpacing spacing;
  private final int stepsOffset;
  private final PredictionType prediction;
  private final boolean karras;
  private final SchedulerConfig config;

  EulerAncestralDiscreteScheduler(SchedulerConfig config) {
    schedule = Schedules.noise(config, 0.0001, 0.02, "linear");
    spacing = TimestepSpacing.of(config.text("timestep_spacing", "linspace"));
    stepsOffset = config.integer("steps_offset", 0);
    prediction = PredictionType.of(config.text("prediction_type", "epsilon"));
    if (prediction == PredictionType.SAMPLE) {
      throw new ModelException(
          "EulerAncestralDiscreteScheduler does not support prediction_type \"sample\"");
    }
    config.requireDefault("rescale_betas_zero_snr", false);
    karras = config.flag("use_karras_sigmas", false);
    this.config = config;
  }

  @Override
  public String className() {
    return "EulerAncestralDiscreteScheduler";
  }

  @Override
  public boolean karras() {
    return karras;
  }

  @Override
  public SchedulerRun start(int steps) {
    Schedules.requireSteps(steps, schedule);
    float[] timesteps = spacing.eulerTimesteps(schedule.trainTimesteps(), steps, stepsOffset);
    float[] sigmas =
        karras
            ? EulerSigmas.karras(timesteps, schedule, 0f, config)
            : EulerSigmas.at(timesteps, schedule, 0f);
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
          EulerSigmas.predictOriginal(
              modelOutput, sample, sigma, prediction == PredictionType.V_PREDICTION);
      float to2 = sigmas[step + 1] * sigmas[step + 1];
      float from2 = sigma * sigma;
      float sigmaUp = (float) Math.sqrt(to2 * (from2 - to2) / from2);
      float sigmaDown = (float) Math.sqrt(to2 - sigmaUp * sigmaUp);
      float dt = sigmaDown - sigma;
      float[] noise = Noise.perImage(generators, sample.length);
      denoised = original;
      float[] out = new float[sample.length];
      for (int i = 0; i < out.length; i++) {
        float derivative = (sample[i] - original[i]) / sigma;
        float moved = sample[i] + derivative * dt;
        out[i] = moved + noise[i] * sigmaUp;
      }
      return out;
    }
  }
}
