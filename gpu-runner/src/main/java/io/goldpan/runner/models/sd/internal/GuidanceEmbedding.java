package io.goldpan.runner.models.sd.internal;

/**
 * The guidance-scale embedding LCM UNets take as {@code timestep_cond}: diffusers' {@code
 * get_guidance_scale_embedding(w = guidance - 1)}, sinusoidal like a timestep embedding.
 */
public final class GuidanceEmbedding {
  private GuidanceEmbedding() {}

  /** {@code [batch, dim]} flattened: the same embedding of {@code guidance - 1} for every image. */
  public static float[] of(double guidance, int dim, int batch) {
    float w = (float) (guidance - 1) * 1000f;
    int half = dim / 2;
    float logStep = (float) Math.log(10000f) / (half - 1);
    float[] row = new float[dim];
    for (int i = 0; i < half; i++) {
      float angle = w * (float) Math.exp((float) i * -logStep);
      row[i] = (float) Math.sin(angle);
      row[half + i] = (float) Math.cos(angle);
    }
    float[] out = new float[dim * batch];
    for (int b = 0; b < batch; b++) {
      System.arraycopy(row, 0, out, b * dim, dim);
    }
    return out;
  }
}
