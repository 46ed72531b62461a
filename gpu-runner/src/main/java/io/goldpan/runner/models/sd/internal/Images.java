package io.goldpan.runner.models.sd.internal;

import java.awt.image.BufferedImage;

/** Decoded VAE output to pixels, as diffusers' image processor does it. */
public final class Images {
  private Images() {}

  /**
   * {@code [3, height, width]} in about [-1, 1] → RGB: {@code clamp(x * 0.5 + 0.5, 0, 1)}, then
   * {@code round(x * 255)} half to even, as {@code numpy_to_pil} does.
   */
  public static BufferedImage toRgb(float[] chw, int width, int height) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    int plane = width * height;
    int[] row = new int[width];
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        int i = y * width + x;
        row[x] =
            (channel(chw[i]) << 16) | (channel(chw[plane + i]) << 8) | channel(chw[2 * plane + i]);
      }
      image.setRGB(0, y, width, 1, row, 0, width);
    }
    return image;
  }

  private static int channel(float value) {
    float unit = value * 0.5f + 0.5f;
    unit = Math.max(0f, Math.min(1f, unit));
    return (int) Math.rint(unit * 255f);
  }
}
