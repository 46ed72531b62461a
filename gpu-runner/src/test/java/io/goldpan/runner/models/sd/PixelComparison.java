package io.goldpan.runner.models.sd;

import java.awt.image.BufferedImage;

/** Channel-by-channel comparison of two RGB images. */
record PixelComparison(int channels, int withinOne, int maxDifference) {

  static PixelComparison of(BufferedImage actual, BufferedImage expected) {
    if (actual.getWidth() != expected.getWidth() || actual.getHeight() != expected.getHeight()) {
      throw new AssertionError(
          "image is "
              + actual.getWidth()
              + "x"
              + actual.getHeight()
              + ", expected "
              + expected.getWidth()
              + "x"
              + expected.getHeight());
    }
    int channels = 0;
    int withinOne = 0;
    int max = 0;
    for (int y = 0; y < expected.getHeight(); y++) {
      for (int x = 0; x < expected.getWidth(); x++) {
        int a = actual.getRGB(x, y);
        int b = expected.getRGB(x, y);
        for (int shift = 0; shift <= 16; shift += 8) {
          int difference = Math.abs(((a >> shift) & 0xff) - ((b >> shift) & 0xff));
          channels++;
          if (difference <= 1) {
            withinOne++;
          }
          max = Math.max(max, difference);
        }
      }
    }
    return new PixelComparison(channels, withinOne, max);
  }

  double fractionWithinOne() {
    return (double) withinOne / channels;
  }
}
