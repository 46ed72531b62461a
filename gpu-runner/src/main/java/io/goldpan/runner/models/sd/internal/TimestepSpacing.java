package io.goldpan.runner.models.sd.internal;

import io.goldpan.runner.models.ModelException;

/**
 * How inference timesteps are picked from the training ones ({@code timestep_spacing}, Table 2 of
 * "Common Diffusion Noise Schedules and Sample Steps are Flawed"), as diffusers computes them.
 */
public enum TimestepSpacing {
  LINSPACE,
  LEADING,
  TRAILING;

  /**
   * @throws ModelException for an unknown name
   */
  public static TimestepSpacing of(String name) {
    return switch (name) {
      case "linspace" -> LINSPACE;
      case "leading" -> LEADING;
      case "trailing" -> TRAILING;
      default ->
          throw new ModelException(
              "timestep_spacing \"" + name + "\" is not supported (linspace, leading or trailing)");
    };
  }

  /**
   * Euler-style timesteps, float32 and not rounded for {@code linspace} (EulerDiscreteScheduler,
   * EulerAncestralDiscreteScheduler).
   */
  public float[] eulerTimesteps(int trainTimesteps, int steps, int stepsOffset) {
    return switch (this) {
      case LINSPACE ->
          toFloat(NumpyRanges.reversed(NumpyRanges.linspace(0, trainTimesteps - 1, steps, true)));
      case LEADING -> toFloat(leading(trainTimesteps, steps, stepsOffset));
      case TRAILING -> toFloat(trailing(trainTimesteps, steps));
    };
  }

  /** DDIM-style integer timesteps ({@code linspace} rounded half to even). */
  public float[] ddimTimesteps(int trainTimesteps, int steps, int stepsOffset) {
    return switch (this) {
      case LINSPACE ->
          toFloat(
              NumpyRanges.reversed(rint(NumpyRanges.linspace(0, trainTimesteps - 1, steps, true))));
      case LEADING -> toFloat(leading(trainTimesteps, steps, stepsOffset));
      case TRAILING -> toFloat(trailing(trainTimesteps, steps));
    };
  }

  private static double[] leading(int trainTimesteps, int steps, int stepsOffset) {
    int ratio = trainTimesteps / steps;
    double[] out = new double[steps];
    for (int i = 0; i < steps; i++) {
      out[i] = (double) (steps - 1 - i) * ratio + stepsOffset;
    }
    return out;
  }

  private static double[] trailing(int trainTimesteps, int steps) {
    double[] out = rint(NumpyRanges.arange(trainTimesteps, 0, -((double) trainTimesteps / steps)));
    for (int i = 0; i < out.length; i++) {
      out[i] -= 1;
    }
    return out;
  }

  private static double[] rint(double[] values) {
    double[] out = new double[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = Math.rint(values[i]);
    }
    return out;
  }

  private static float[] toFloat(double[] values) {
    float[] out = new float[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = (float) values[i];
    }
    return out;
  }
}
