package io.goldpan.runner.models.sd.internal;

/**
 * The noise levels of Karras et al. (2022, eq. 5, rho = 7) and the fractional training timestep of
 * a noise level, as diffusers' {@code _convert_to_karras} and {@code _sigma_to_t} compute them:
 * numpy in double precision over the float32 training sigmas and their float32 logarithms.
 */
public final class KarrasSigmas {
  private static final double RHO = 7.0;

  private KarrasSigmas() {}

  /** {@code steps} sigmas falling from {@code sigmaMax} to {@code sigmaMin}. */
  public static double[] between(double sigmaMin, double sigmaMax, int steps) {
    double[] ramp = NumpyRanges.linspace(0, 1, steps, true);
    double minInverseRho = Math.pow(sigmaMin, 1 / RHO);
    double maxInverseRho = Math.pow(sigmaMax, 1 / RHO);
    double[] out = new double[steps];
    for (int i = 0; i < steps; i++) {
      out[i] = Math.pow(maxInverseRho + ramp[i] * (minInverseRho - maxInverseRho), RHO);
    }
    return out;
  }

  /** {@code np.log} of the float32 training sigmas, in float32. */
  public static float[] logOf(float[] trainSigmas) {
    float[] out = new float[trainSigmas.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = (float) Math.log(trainSigmas[i]);
    }
    return out;
  }

  /**
   * The training timestep (fractional) whose sigma is {@code sigma}: linear interpolation in log
   * sigma between the two training timesteps around it, clamped to the schedule.
   */
  public static double timestepOf(double sigma, float[] logSigmas) {
    double logSigma = Math.log(Math.max(sigma, 1e-10));
    // np.cumsum(dists >= 0).argmax(), clipped: the first index reaching the count of levels below
    int count = 0;
    int low = 0;
    int best = 0;
    for (int i = 0; i < logSigmas.length; i++) {
      if (logSigma - logSigmas[i] >= 0) {
        count++;
      }
      if (count > best) {
        best = count;
        low = i;
      }
    }
    low = Math.min(low, logSigmas.length - 2);
    int high = low + 1;
    float lowLog = logSigmas[low];
    float highLog = logSigmas[high];
    // numpy: float32 - float64 is float64, float32 - float32 stays float32
    double w = (lowLog - logSigma) / (double) (lowLog - highLog);
    w = Math.max(0, Math.min(1, w));
    return (1 - w) * low + w * high;
  }
}
