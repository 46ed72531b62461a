package io.goldpan.runner.provenance;

import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;

/**
 * An invisible watermark in the pixels, bit-compatible with the {@code dwtDct} method of the Python
 * {@code invisible-watermark} package ({@code imwatermark}, version 0.2.0): its decoder reads
 * Goldpan's mark and this one reads the package's.
 *
 * <p>The method, as the package implements it: convert BGR to YUV exactly as OpenCV does for 8-bit
 * images; take the U channel of the top-left part whose sides are multiples of 4; one level of the
 * Haar transform; split its approximation (LL) band into 4×4 blocks, in rows; in block {@code n}
 * (despite the name the package applies no DCT) find the coefficient of largest magnitude other
 * than the block's first, and move its magnitude to {@code (floor(|c| / 36) + 0.25 + 0.5 × bit) ×
 * 36}, where {@code bit} is bit {@code n mod length} of the message. Decoding reads {@code |c| mod
 * 36 > 18} per block and takes each bit's mean over its blocks.
 *
 * <p>Goldpan embeds differently where the package's decoder cannot tell. It moves the coefficient
 * to whichever nearby level reading as the bit changes the block least while the coefficient stays
 * the block's strongest, lowering a rival where needed (the package always rounds down, which can
 * hand the block to another coefficient and leave the bit it reads to chance). And it adds each
 * change of U to the pixels' blue and green so that Y and V stay as they were, rounding once (the
 * package round-trips the whole image through 8-bit YUV, truncating, and swaps the horizontal and
 * vertical detail bands of U in its inverse transform). On the fixtures its marks read back fully
 * and are about 9 dB less visible (PSNR) than the package's.
 */
public final class InvisibleMark {
  /** The message Goldpan embeds: the ASCII bytes of {@code goldpan}, 56 bits, first bit first. */
  public static final byte[] MESSAGE = "goldpan".getBytes(StandardCharsets.US_ASCII);

  /** Images with fewer pixels carry no mark: the package refuses to mark them. */
  public static final int MIN_PIXELS = 256 * 256;

  /**
   * Matching bits out of 56 from which an image counts as marked: an unmarked one matches about 28
   * and reaches 50 about once in two billion.
   */
  public static final int PRESENT_FROM = 50;

  private static final double SCALE = 36;
  // How far the marked coefficient stays above the others, for the rounding to 8-bit pixels.
  private static final double MARGIN = 1;
  private static final int BLOCK = 4;
  private static final double HAAR = 0.7071067811865476; // pywt's Haar filter tap, 1/sqrt(2)

  // OpenCV's fixed-point BGR <-> YUV coefficients (14 bits) for 8-bit images.
  private static final int R2Y = 4899;
  private static final int G2Y = 9617;
  private static final int B2Y = 1868;
  private static final int B2U = 8061;
  private static final double U2B = 33292 / 16384.0;
  private static final double U2G = -6472 / 16384.0;

  private InvisibleMark() {}

  /** {@code image} carrying Goldpan's {@link #MESSAGE}; itself when it is too small to mark. */
  public static BufferedImage embed(BufferedImage image) {
    return embed(image, bits(MESSAGE));
  }

  /** How far {@code image} carries Goldpan's {@link #MESSAGE}. */
  public static Reading read(BufferedImage image) {
    boolean[] expected = bits(MESSAGE);
    boolean[] found = decode(image, expected.length);
    int matching = 0;
    for (int i = 0; i < expected.length; i++) {
      matching += expected[i] == found[i] ? 1 : 0;
    }
    return new Reading(matching, expected.length, blocks(image) >= expected.length);
  }

  /**
   * How an image's mark reads.
   *
   * @param matching bits that agree with Goldpan's message
   * @param bits the message's length
   * @param large whether the image holds at least one block per bit, so it could carry the mark
   */
  public record Reading(int matching, int bits, boolean large) {
    /** Whether the image carries Goldpan's mark. */
    public boolean present() {
      return large && matching >= PRESENT_FROM;
    }
  }

  /** {@code image} with {@code bits} embedded, as a new RGB image. */
  static BufferedImage embed(BufferedImage image, boolean[] bits) {
    if ((long) image.getWidth() * image.getHeight() < MIN_PIXELS) {
      return image;
    }
    int width = image.getWidth();
    int height = image.getHeight();
    int[] rgb = image.getRGB(0, 0, width, height, null, 0, width);
    double[][] ll = approximation(rgb, width, height);
    int rows = ll.length / BLOCK;
    int cols = ll[0].length / BLOCK;
    int n = 0;
    for (int bi = 0; bi < rows; bi++) {
      for (int bj = 0; bj < cols; bj++) {
        markBlock(rgb, width, ll, bi, bj, bits[n % bits.length]);
        n++;
      }
    }
    BufferedImage marked = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    marked.setRGB(0, 0, width, height, rgb, 0, width);
    return marked;
  }

  /**
   * Marks one block so that the decoder reads {@code bit} from it: its strongest coefficient (but
   * the first) moves to a magnitude {@code (k + 0.25 + 0.5 × bit) × 36}, and any other that would
   * then rival it is lowered to stay {@link #MARGIN} below, since the decoder reads the strongest.
   * Of the levels near the coefficient, the one that changes the block least (in squares) wins.
   * (The package always takes {@code k = floor(magnitude / 36)}, which may shift the coefficient by
   * 27 and hand the block to another one whose bit is left to chance.)
   */
  private static void markBlock(int[] rgb, int width, double[][] ll, int bi, int bj, boolean bit) {
    int carrier = strongest(ll, bi, bj);
    double[] magnitudes = new double[BLOCK * BLOCK];
    for (int k = 1; k < magnitudes.length; k++) {
      magnitudes[k] = Math.abs(coefficient(ll, bi, bj, k));
    }
    double offset = (bit ? 0.75 : 0.25) * SCALE;
    double nearest =
        Math.max(0, Math.rint((magnitudes[carrier] - offset) / SCALE)) * SCALE + offset;
    double best = nearest;
    double bestCost = Double.POSITIVE_INFINITY;
    for (int step = -1; step <= 2; step++) {
      double level = nearest + step * SCALE;
      if (level < offset) {
        continue;
      }
      double cost = square(level - magnitudes[carrier]);
      for (int k = 1; k < magnitudes.length; k++) {
        if (k != carrier) {
          cost += square(Math.max(0, magnitudes[k] - (level - MARGIN)));
        }
      }
      if (cost < bestCost) {
        bestCost = cost;
        best = level;
      }
    }
    for (int k = 1; k < magnitudes.length; k++) {
      double c = coefficient(ll, bi, bj, k);
      double magnitude = k == carrier ? best : Math.min(magnitudes[k], best - MARGIN);
      double target = c >= 0 ? magnitude : -magnitude;
      if (target != c) {
        // The inverse Haar step spreads an LL change over its 2×2 pixels, half to each.
        shiftU(
            rgb,
            width,
            2 * (bi * BLOCK + k / BLOCK),
            2 * (bj * BLOCK + k % BLOCK),
            (target - c) / 2);
      }
    }
  }

  private static double coefficient(double[][] ll, int bi, int bj, int k) {
    return ll[bi * BLOCK + k / BLOCK][bj * BLOCK + k % BLOCK];
  }

  private static double square(double x) {
    return x * x;
  }

  /** The {@code length} bits embedded in {@code image}, as the package's decoder reads them. */
  static boolean[] decode(BufferedImage image, int length) {
    int width = image.getWidth();
    int height = image.getHeight();
    int[] rgb = image.getRGB(0, 0, width, height, null, 0, width);
    double[][] ll = approximation(rgb, width, height);
    int[] ones = new int[length];
    int[] counts = new int[length];
    int rows = ll.length / BLOCK;
    int cols = rows == 0 ? 0 : ll[0].length / BLOCK;
    int n = 0;
    for (int bi = 0; bi < rows; bi++) {
      for (int bj = 0; bj < cols; bj++) {
        int pos = strongest(ll, bi, bj);
        double value = Math.abs(ll[bi * BLOCK + pos / BLOCK][bj * BLOCK + pos % BLOCK]);
        ones[n % length] += value % SCALE > 0.5 * SCALE ? 1 : 0;
        counts[n % length]++;
        n++;
      }
    }
    boolean[] bits = new boolean[length];
    for (int b = 0; b < length; b++) {
      // The package's threshold, to the letter: mean × 255 > 127 (a bit with no block reads 0).
      bits[b] = counts[b] > 0 && (double) ones[b] / counts[b] * 255 > 127;
    }
    return bits;
  }

  /** The bits of {@code message}, most significant first, as {@code numpy.unpackbits} gives. */
  static boolean[] bits(byte[] message) {
    boolean[] bits = new boolean[message.length * 8];
    for (int i = 0; i < bits.length; i++) {
      bits[i] = (message[i / 8] >> (7 - i % 8) & 1) == 1;
    }
    return bits;
  }

  private static int blocks(BufferedImage image) {
    int rows = image.getHeight() / 4 * 2 / BLOCK;
    int cols = image.getWidth() / 4 * 2 / BLOCK;
    return rows * cols;
  }

  /**
   * The Haar approximation band of U over the top-left part whose sides are multiples of 4,
   * computed as pywt does (rows first, then columns), so that even rounding agrees.
   */
  private static double[][] approximation(int[] rgb, int width, int height) {
    int rows = height / 4 * 2;
    int cols = width / 4 * 2;
    double[][] ll = new double[rows][cols];
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < cols; j++) {
        int y = 2 * i;
        int x = 2 * j;
        double left = u(rgb[y * width + x]) * HAAR + u(rgb[(y + 1) * width + x]) * HAAR;
        double right = u(rgb[y * width + x + 1]) * HAAR + u(rgb[(y + 1) * width + x + 1]) * HAAR;
        ll[i][j] = left * HAAR + right * HAAR;
      }
    }
    return ll;
  }

  /**
   * Index (0..15, row-major) of the largest magnitude in a block but its first; the first wins
   * ties.
   */
  private static int strongest(double[][] ll, int bi, int bj) {
    int best = 1;
    double max = -1;
    for (int k = 1; k < BLOCK * BLOCK; k++) {
      double magnitude = Math.abs(ll[bi * BLOCK + k / BLOCK][bj * BLOCK + k % BLOCK]);
      if (magnitude > max) {
        max = magnitude;
        best = k;
      }
    }
    return best;
  }

  /** U of a pixel as OpenCV's {@code COLOR_BGR2YUV} gives it for 8-bit images. */
  static int u(int pixel) {
    int r = pixel >> 16 & 0xFF;
    int g = pixel >> 8 & 0xFF;
    int b = pixel & 0xFF;
    int y = (b * B2Y + g * G2Y + r * R2Y + (1 << 13)) >> 14;
    int u = ((b - y) * B2U + (128 << 14) + (1 << 13)) >> 14;
    return Math.min(255, Math.max(0, u));
  }

  /** Adds {@code delta} to U of the 2×2 pixels at ({@code x}, {@code y}), keeping Y and V. */
  private static void shiftU(int[] rgb, int width, int y, int x, double delta) {
    for (int dy = 0; dy < 2; dy++) {
      for (int dx = 0; dx < 2; dx++) {
        int at = (y + dy) * width + x + dx;
        int pixel = rgb[at];
        int r = pixel >> 16 & 0xFF;
        int g = clip((pixel >> 8 & 0xFF) + delta * U2G);
        int b = clip((pixel & 0xFF) + delta * U2B);
        rgb[at] = r << 16 | g << 8 | b;
      }
    }
  }

  private static int clip(double value) {
    return (int) Math.max(0, Math.min(255, Math.round(value)));
  }
}
