package io.goldpan.runner.provenance;

import java.awt.image.BufferedImage;

/** Peak signal-to-noise ratio of two 8-bit RGB images, in dB, over the three channels. */
final class Psnr {
  private Psnr() {}

  static double of(BufferedImage a, BufferedImage b) {
    double sum = 0;
    for (int y = 0; y < a.getHeight(); y++) {
      for (int x = 0; x < a.getWidth(); x++) {
        int p = a.getRGB(x, y);
        int q = b.getRGB(x, y);
        for (int shift = 0; shift <= 16; shift += 8) {
          int d = (p >> shift & 0xFF) - (q >> shift & 0xFF);
          sum += d * d;
        }
      }
    }
    double mse = sum / (3.0 * a.getWidth() * a.getHeight());
    return mse == 0 ? Double.POSITIVE_INFINITY : 10 * Math.log10(255.0 * 255.0 / mse);
  }
}
