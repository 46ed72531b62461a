package io.goldpan.runner.models.sd.internal;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
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

  /**
   * RGB → {@code [3, height, width]} in [-1, 1] as diffusers' {@code VaeImageProcessor.preprocess}
   * does it: {@code x / 255} then {@code 2x - 1}, in float32. An image of another size is first
   * resized (bicubic; diffusers would not resize it, so such a run is not diffusers' bit for bit).
   */
  public static float[] toChw(BufferedImage image, int width, int height) {
    BufferedImage sized = image;
    if (image.getWidth() != width || image.getHeight() != height) {
      sized = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
      Graphics2D g = sized.createGraphics();
      try {
        g.setRenderingHint(
            RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
        g.drawImage(image, 0, 0, width, height, null);
      } finally {
        g.dispose();
      }
    }
    int plane = width * height;
    float[] chw = new float[3 * plane];
    int[] row = new int[width];
    for (int y = 0; y < height; y++) {
      sized.getRGB(0, y, width, 1, row, 0, width);
      for (int x = 0; x < width; x++) {
        int i = y * width + x;
        chw[i] = unit((row[x] >> 16) & 0xff);
        chw[plane + i] = unit((row[x] >> 8) & 0xff);
        chw[2 * plane + i] = unit(row[x] & 0xff);
      }
    }
    return chw;
  }

  private static float unit(int channel) {
    float x = channel / 255f;
    return 2f * x - 1f;
  }
}
