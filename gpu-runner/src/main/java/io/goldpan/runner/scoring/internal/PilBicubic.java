package io.goldpan.runner.scoring.internal;

/**
 * Pillow's {@code Image.resize(size, BICUBIC)} of an 8-bit RGB picture, bit for bit: a separable
 * cubic convolution ({@code a = -0.5}) whose support widens with the scale when shrinking
 * (antialiasing), coefficients in 22-bit fixed point, a horizontal pass then a vertical one, each
 * rounded and clipped to 8 bits (Pillow's {@code Resample.c}).
 */
public final class PilBicubic {
  private static final int PRECISION_BITS = 32 - 8 - 2;
  private static final double SUPPORT = 2.0;

  private PilBicubic() {}

  /**
   * Resizes {@code rgb} (interleaved R, G, B bytes, row by row) from {@code width} × {@code height}
   * to {@code outWidth} × {@code outHeight}.
   */
  public static byte[] resize(byte[] rgb, int width, int height, int outWidth, int outHeight) {
    if (rgb.length != width * height * 3) {
      throw new IllegalArgumentException(
          "expected " + width + "×" + height + "×3 bytes, got " + rgb.length);
    }
    if (width == outWidth && height == outHeight) {
      return rgb.clone(); // Pillow returns a copy when the size does not change
    }
    Coefficients vertical = Coefficients.of(height, outHeight);
    byte[] source = rgb;
    int rows = height;
    int firstRow = 0;
    if (width != outWidth) {
      // only the rows the vertical pass reads, as Pillow does
      firstRow = vertical.bounds[0];
      int lastRow = vertical.bounds[outHeight * 2 - 2] + vertical.bounds[outHeight * 2 - 1];
      rows = lastRow - firstRow;
      source = horizontal(rgb, width, firstRow, rows, Coefficients.of(width, outWidth), outWidth);
    }
    if (height == outHeight) {
      return source;
    }
    return vertical(source, outWidth, firstRow, vertical, outHeight);
  }

  private static byte[] horizontal(
      byte[] in, int width, int firstRow, int rows, Coefficients c, int outWidth) {
    byte[] out = new byte[outWidth * rows * 3];
    for (int y = 0; y < rows; y++) {
      int row = (y + firstRow) * width * 3;
      for (int x = 0; x < outWidth; x++) {
        int min = c.bounds[x * 2];
        int count = c.bounds[x * 2 + 1];
        int k = x * c.size;
        int r = 1 << (PRECISION_BITS - 1);
        int g = r;
        int b = r;
        for (int i = 0; i < count; i++) {
          int p = row + (min + i) * 3;
          int w = c.weights[k + i];
          r += (in[p] & 0xff) * w;
          g += (in[p + 1] & 0xff) * w;
          b += (in[p + 2] & 0xff) * w;
        }
        int o = (y * outWidth + x) * 3;
        out[o] = clip8(r);
        out[o + 1] = clip8(g);
        out[o + 2] = clip8(b);
      }
    }
    return out;
  }

  private static byte[] vertical(
      byte[] in, int width, int firstRow, Coefficients c, int outHeight) {
    byte[] out = new byte[width * outHeight * 3];
    for (int y = 0; y < outHeight; y++) {
      int min = c.bounds[y * 2] - firstRow;
      int count = c.bounds[y * 2 + 1];
      int k = y * c.size;
      for (int x = 0; x < width; x++) {
        int r = 1 << (PRECISION_BITS - 1);
        int g = r;
        int b = r;
        for (int i = 0; i < count; i++) {
          int p = ((min + i) * width + x) * 3;
          int w = c.weights[k + i];
          r += (in[p] & 0xff) * w;
          g += (in[p + 1] & 0xff) * w;
          b += (in[p + 2] & 0xff) * w;
        }
        int o = (y * width + x) * 3;
        out[o] = clip8(r);
        out[o + 1] = clip8(g);
        out[o + 2] = clip8(b);
      }
    }
    return out;
  }

  private static byte clip8(int value) {
    if (value >= (1 << PRECISION_BITS << 8)) {
      return (byte) 255;
    }
    if (value <= 0) {
      return 0;
    }
    return (byte) (value >> PRECISION_BITS);
  }

  private static double cubic(double x) {
    double a = -0.5;
    if (x < 0.0) {
      x = -x;
    }
    if (x < 1.0) {
      return ((a + 2.0) * x - (a + 3.0)) * x * x + 1;
    }
    if (x < 2.0) {
      return (((x - 5) * x + 8) * x - 4) * a;
    }
    return 0.0;
  }

  /**
   * One axis's filter: for output position {@code i}, the first input it reads ({@code
   * bounds[2i]}), how many ({@code bounds[2i + 1]}), and their fixed-point weights from {@code
   * weights[i * size]}.
   */
  private record Coefficients(int size, int[] bounds, int[] weights) {
    static Coefficients of(int inSize, int outSize) {
      double scale = (double) inSize / outSize;
      double filterScale = Math.max(scale, 1.0);
      double support = SUPPORT * filterScale;
      int size = (int) Math.ceil(support) * 2 + 1;
      int[] bounds = new int[outSize * 2];
      int[] weights = new int[outSize * size];
      double[] k = new double[size];
      for (int i = 0; i < outSize; i++) {
        double center = (i + 0.5) * scale;
        double inverse = 1.0 / filterScale;
        int min = (int) (center - support + 0.5);
        if (min < 0) {
          min = 0;
        }
        int max = (int) (center + support + 0.5);
        if (max > inSize) {
          max = inSize;
        }
        max -= min;
        double total = 0.0;
        for (int x = 0; x < max; x++) {
          double w = cubic((x + min - center + 0.5) * inverse);
          k[x] = w;
          total += w;
        }
        for (int x = 0; x < max; x++) {
          double w = total != 0.0 ? k[x] / total : k[x];
          weights[i * size + x] =
              (int) (w < 0 ? -0.5 + w * (1 << PRECISION_BITS) : 0.5 + w * (1 << PRECISION_BITS));
        }
        bounds[i * 2] = min;
        bounds[i * 2 + 1] = max;
      }
      return new Coefficients(size, bounds, weights);
    }
  }
}
