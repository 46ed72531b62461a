package io.goldpan.runner.models.sd;

import io.goldpan.runner.models.sd.internal.KarrasSigmas;
import io.goldpan.runner.models.sd.internal.NoiseSchedule;
import io.goldpan.runner.models.sd.internal.NumpyRanges;

/**
 * The Euler schedulers' sigma at each timestep: numpy's linear interpolation, then float32, or
 * Karras sigmas between the first and last of those.
 */
final class EulerSigmas {
  private EulerSigmas() {}

  /** One sigma per timestep, then {@code last}. */
  static float[] at(float[] timesteps, NoiseSchedule schedule, float last) {
    float[] trainSigmas = schedule.sigmas();
    float[] sigmas = new float[timesteps.length + 1];
    for (int i = 0; i < timesteps.length; i++) {
      sigmas[i] = (float) NumpyRanges.interp(timesteps[i], trainSigmas);
    }
    sigmas[timesteps.length] = last;
    return sigmas;
  }

  /**
   * Karras sigmas from the sigma at the first timestep down to the one at the last ({@code
   * use_karras_sigmas}), or between the config's {@code sigma_max} and {@code sigma_min}, then
   * {@code last}; rewrites {@code timesteps} in place to the fractional training timesteps of those
   * sigmas.
   */
  static float[] karras(float[] timesteps, NoiseSchedule schedule, float last, SchedulerConfig c) {
    float[] trainSigmas = schedule.sigmas();
    int steps = timesteps.length;
    double sigmaMax = c.number("sigma_max", NumpyRanges.interp(timesteps[0], trainSigmas));
    double sigmaMin = c.number("sigma_min", NumpyRanges.interp(timesteps[steps - 1], trainSigmas));
    double[] levels = KarrasSigmas.between(sigmaMin, sigmaMax, steps);
    float[] logSigmas = KarrasSigmas.logOf(trainSigmas);
    float[] sigmas = new float[steps + 1];
    for (int i = 0; i < steps; i++) {
      sigmas[i] = (float) levels[i];
      timesteps[i] = (float) KarrasSigmas.timestepOf(levels[i], logSigmas);
    }
    sigmas[steps] = last;
    return sigmas;
  }

  /** {@code init_noise_sigma}: the largest sigma, or {@code sqrt(max² + 1)} for leading spacing. */
  static float initNoiseSigma(float[] sigmas, boolean leading) {
    float max = 0f;
    for (float sigma : sigmas) {
      max = Math.max(max, sigma);
    }
    return leading ? (float) Math.sqrt(max * max + 1f) : max;
  }

  /** {@code sample / sqrt(sigma² + 1)} in float32. */
  static float[] scale(float[] sample, float sigma) {
    float divisor = (float) Math.sqrt(sigma * sigma + 1f);
    float[] out = new float[sample.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = sample[i] / divisor;
    }
    return out;
  }

  /** The predicted clean sample for {@code epsilon} or {@code v_prediction} outputs. */
  static float[] predictOriginal(
      float[] modelOutput, float[] sample, float sigma, boolean vPrediction) {
    float[] out = new float[sample.length];
    if (vPrediction) {
      float outputScale = -sigma / (float) Math.sqrt(sigma * sigma + 1f);
      float sampleDivisor = sigma * sigma + 1f;
      for (int i = 0; i < out.length; i++) {
        out[i] = modelOutput[i] * outputScale + sample[i] / sampleDivisor;
      }
    } else {
      for (int i = 0; i < out.length; i++) {
        out[i] = sample[i] - sigma * modelOutput[i];
      }
    }
    return out;
  }
}
