package io.goldpan.runner.models.sd.internal;

import io.goldpan.runner.models.sd.TorchGenerator;
import java.util.List;

/** Batch noise drawn image by image, diffusers' {@code randn_tensor} with a list of generators. */
public final class Noise {
  private Noise() {}

  /** {@code length} standard normal values: image i's share from {@code generators.get(i)}. */
  public static float[] perImage(List<TorchGenerator> generators, int length) {
    int images = generators.size();
    if (images == 0 || length % images != 0) {
      throw new IllegalArgumentException(
          "a batch of " + length + " values does not split into " + images + " images");
    }
    int perImage = length / images;
    float[] out = new float[length];
    for (int i = 0; i < images; i++) {
      System.arraycopy(generators.get(i).randn(perImage), 0, out, i * perImage, perImage);
    }
    return out;
  }
}
