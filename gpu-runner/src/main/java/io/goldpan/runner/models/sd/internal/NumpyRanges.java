package io.goldpan.runner.models.sd.internal;

/**
 * numpy's {@code linspace}, {@code arange} and {@code interp} in double precision, reproduced step
 * for step because diffusers builds its timestep schedules with them (their rounding decides which
 * integer timesteps come out).
 */
public final class NumpyRanges {
  private NumpyRanges() {}

  /** {@code np.linspace(start, stop, num, endpoint=endpoint)}. */
  public static double[] linspace(double start, double stop, int num, boolean endpoint) {
    double[] out = new double[num];
    int div = endpoint ? num - 1 : num;
    double delta = stop - start;
    if (div > 0) {
      double step = delta / div;
      for (int i = 0; i < num; i++) {
        out[i] = step == 0 ? i / (double) div * delta + start : i * step + start;
      }
    } else {
      for (int i = 0; i < num; i++) {
        out[i] = i * delta + start;
      }
    }
    if (endpoint && num > 1) {
      out[num - 1] = stop;
    }
    return out;
  }

  /**
   * {@code np.arange(start, stop, step)} for float steps: the length by ceiling, then {@code start
   * + i*delta}.
   */
  public static double[] arange(double start, double stop, double step) {
    int length = (int) Math.max(0, Math.ceil((stop - start) / step));
    double[] out = new double[length];
    if (length > 0) {
      out[0] = start;
    }
    if (length > 1) {
      double delta = (start + step) - start;
      for (int i = 1; i < length; i++) {
        out[i] = start + i * delta;
      }
    }
    return out;
  }

  /** {@code np.interp(x, arange(len(fp)), fp)}. */
  public static double interp(double x, float[] fp) {
    if (x <= 0) {
      return fp[0];
    }
    int last = fp.length - 1;
    if (x >= last) {
      return fp[last];
    }
    int j = (int) Math.floor(x);
    if (j == x) {
      return fp[j];
    }
    double slope = (double) fp[j + 1] - fp[j];
    return slope * (x - j) + fp[j];
  }

  /** Reversed copy. */
  public static double[] reversed(double[] values) {
    double[] out = new double[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = values[values.length - 1 - i];
    }
    return out;
  }
}
