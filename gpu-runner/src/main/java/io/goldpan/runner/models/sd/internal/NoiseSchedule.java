package io.goldpan.runner.models.sd.internal;

import io.goldpan.runner.models.ModelException;

/**
 * The training noise schedule shared by the schedulers: betas and their cumulative alpha product,
 * in float32 as diffusers computes them with torch ({@code torch.linspace}, {@code cumprod} with a
 * double accumulator).
 */
public final class NoiseSchedule {
  private final float[] alphasCumprod;

  private NoiseSchedule(float[] betas) {
    alphasCumprod = new float[betas.length];
    double product = 1.0;
    for (int i = 0; i < betas.length; i++) {
      product *= 1f - betas[i];
      alphasCumprod[i] = (float) product;
    }
  }

  /**
   * @param betaSchedule {@code linear} or {@code scaled_linear}; ignored when {@code trainedBetas}
   *     is given
   * @throws ModelException for another schedule
   */
  public static NoiseSchedule of(
      int trainTimesteps,
      double betaStart,
      double betaEnd,
      String betaSchedule,
      double[] trainedBetas) {
    if (trainedBetas != null) {
      float[] betas = new float[trainedBetas.length];
      for (int i = 0; i < betas.length; i++) {
        betas[i] = (float) trainedBetas[i];
      }
      return new NoiseSchedule(betas);
    }
    switch (betaSchedule) {
      case "linear":
        return new NoiseSchedule(torchLinspace(betaStart, betaEnd, trainTimesteps));
      case "scaled_linear":
        float[] roots = torchLinspace(Math.sqrt(betaStart), Math.sqrt(betaEnd), trainTimesteps);
        for (int i = 0; i < roots.length; i++) {
          roots[i] = roots[i] * roots[i];
        }
        return new NoiseSchedule(roots);
      default:
        throw new ModelException(
            "beta_schedule \""
                + betaSchedule
                + "\" is not supported (only linear and scaled_linear)");
    }
  }

  /** {@code alphas_cumprod}, one per training timestep. */
  public float alphaCumprod(int timestep) {
    return alphasCumprod[timestep];
  }

  public int trainTimesteps() {
    return alphasCumprod.length;
  }

  /**
   * {@code ((1 - alphas_cumprod) / alphas_cumprod) ** 0.5} in float32, one per training timestep.
   */
  public float[] sigmas() {
    float[] sigmas = new float[alphasCumprod.length];
    for (int i = 0; i < sigmas.length; i++) {
      float a = alphasCumprod[i];
      sigmas[i] = (float) Math.sqrt((1f - a) / a);
    }
    return sigmas;
  }

  /**
   * {@code torch.linspace(start, end, steps, dtype=float32)}: torch's kernel as compiled, where
   * {@code start + step * i} is one fused multiply-add (checked bit for bit against torch).
   */
  static float[] torchLinspace(double start, double end, int steps) {
    float from = (float) start;
    float to = (float) end;
    float[] out = new float[steps];
    if (steps == 1) {
      out[0] = from;
      return out;
    }
    float step = (to - from) / (steps - 1);
    int halfway = steps / 2;
    for (int i = 0; i < steps; i++) {
      out[i] =
          i < halfway
              ? Math.fma(step, (float) i, from)
              : Math.fma(-step, (float) (steps - i - 1), to);
    }
    return out;
  }
}
