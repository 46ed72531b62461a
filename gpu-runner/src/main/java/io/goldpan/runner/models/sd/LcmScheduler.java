package io.goldpan.runner.models.sd;

import io.goldpan.runner.models.ModelException;
import io.goldpan.runner.models.sd.internal.Noise;
import io.goldpan.runner.models.sd.internal.NoiseSchedule;
import io.goldpan.runner.models.sd.internal.NumpyRanges;
import io.goldpan.runner.models.sd.internal.PredictionType;
import java.util.List;

/**
 * diffusers' {@code LCMScheduler} (latent consistency models): timesteps picked from the {@code
 * original_inference_steps} distillation schedule whatever the spacing, a consistency
 * boundary-condition step, and fresh noise from each image's generator before every step but the
 * last.
 */
final class LcmScheduler implements Scheduler {
  private static final float SIGMA_DATA_SQUARED = 0.25f;

  private final NoiseSchedule schedule;
  private final int originalSteps;
  private final float timestepScaling;
  private final PredictionType prediction;
  private final float finalAlphaCumprod;
  private final boolean clipSample;
  private final float clipRange;

  LcmScheduler(SchedulerConfig config) {
    schedule = Schedules.noise(config, 0.00085, 0.012, "scaled_linear");
    originalSteps = config.integer("original_inference_steps", 50);
    timestepScaling = (float) config.number("timestep_scaling", 10.0);
    prediction = PredictionType.of(config.text("prediction_type", "epsilon"));
    finalAlphaCumprod = config.flag("set_alpha_to_one", true) ? 1f : schedule.alphaCumprod(0);
    clipSample = config.flag("clip_sample", false);
    clipRange = (float) config.number("clip_sample_range", 1.0);
    config.requireDefault("thresholding", false);
    config.requireDefault("rescale_betas_zero_snr", false);
  }

  @Override
  public String className() {
    return "LCMScheduler";
  }

  @Override
  public SchedulerRun start(int steps) {
    Schedules.requireSteps(steps, schedule);
    if (steps > originalSteps || originalSteps > schedule.trainTimesteps()) {
      throw new ModelException(
          "LCMScheduler takes at most original_inference_steps="
              + originalSteps
              + " steps, got "
              + steps);
    }
    int k = schedule.trainTimesteps() / originalSteps;
    double[] indices = NumpyRanges.linspace(0, originalSteps, steps, false);
    float[] timesteps = new float[steps];
    for (int i = 0; i < steps; i++) {
      // origin schedule reversed: position p holds (originalSteps - p) * k - 1
      int position = (int) Math.floor(indices[i]);
      timesteps[i] = (originalSteps - position) * k - 1;
    }
    return new Run(timesteps);
  }

  private final class Run extends TimestepRun {
    Run(float[] timesteps) {
      super(timesteps, schedule);
    }

    @Override
    public float[] step(
        float[] modelOutput, int step, float[] sample, List<TorchGenerator> generators) {
      int t = (int) timesteps[step];
      int previous = step + 1 < timesteps.length ? (int) timesteps[step + 1] : t;
      float alpha = schedule.alphaCumprod(t);
      float alphaPrevious = previous >= 0 ? schedule.alphaCumprod(previous) : finalAlphaCumprod;
      float sqrtAlpha = (float) Math.sqrt(alpha);
      float sqrtBeta = (float) Math.sqrt(1f - alpha);
      float scaled = t * timestepScaling;
      float skip = SIGMA_DATA_SQUARED / (scaled * scaled + SIGMA_DATA_SQUARED);
      float outScale = scaled / (float) Math.sqrt(scaled * scaled + SIGMA_DATA_SQUARED);

      float[] denoised = new float[sample.length];
      for (int i = 0; i < denoised.length; i++) {
        float original =
            switch (prediction) {
              case EPSILON -> (sample[i] - sqrtBeta * modelOutput[i]) / sqrtAlpha;
              case SAMPLE -> modelOutput[i];
              default -> sqrtAlpha * sample[i] - sqrtBeta * modelOutput[i];
            };
        if (clipSample) {
          original = Math.max(-clipRange, Math.min(clipRange, original));
        }
        denoised[i] = outScale * original + skip * sample[i];
      }
      if (step == timesteps.length - 1) {
        return denoised;
      }
      float[] noise = Noise.perImage(generators, sample.length);
      float sqrtAlphaPrevious = (float) Math.sqrt(alphaPrevious);
      float sqrtBetaPrevious = (float) Math.sqrt(1f - alphaPrevious);
      float[] out = new float[sample.length];
      for (int i = 0; i < out.length; i++) {
        out[i] = sqrtAlphaPrevious * denoised[i] + sqrtBetaPrevious * noise[i];
      }
      return out;
    }
  }
}
