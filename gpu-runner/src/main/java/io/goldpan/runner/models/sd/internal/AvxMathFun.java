package io.goldpan.runner.models.sd.internal;

/**
 * Scalar, bit-exact float emulation of the {@code log256_ps} and {@code sincos256_ps} routines of
 * PyTorch's {@code ATen/native/cpu/avx_mathfun.h} (cephes polynomials), as torch's AVX2 build
 * compiles them.
 *
 * <p>GCC contracts a multiply whose only use is an add into one FMA instruction; {@link
 * Math#fma(float, float, float)} reproduces exactly those fused steps, everything else rounds after
 * every operation like the SIMD code.
 */
public final class AvxMathFun {
  private static final float SQRTHF = 0.707106781186547524f;
  private static final float LOG_P0 = 7.0376836292E-2f;
  private static final float LOG_P1 = -1.1514610310E-1f;
  private static final float LOG_P2 = 1.1676998740E-1f;
  private static final float LOG_P3 = -1.2420140846E-1f;
  private static final float LOG_P4 = +1.4249322787E-1f;
  private static final float LOG_P5 = -1.6668057665E-1f;
  private static final float LOG_P6 = +2.0000714765E-1f;
  private static final float LOG_P7 = -2.4999993993E-1f;
  private static final float LOG_P8 = +3.3333331174E-1f;
  private static final float LOG_Q1 = -2.12194440e-4f;
  private static final float LOG_Q2 = 0.693359375f;

  private static final float MINUS_DP1 = -0.78515625f;
  private static final float MINUS_DP2 = -2.4187564849853515625e-4f;
  private static final float MINUS_DP3 = -3.77489497744594108e-8f;
  private static final float SINCOF_P0 = -1.9515295891E-4f;
  private static final float SINCOF_P1 = 8.3321608736E-3f;
  private static final float SINCOF_P2 = -1.6666654611E-1f;
  private static final float COSCOF_P0 = 2.443315711809948E-005f;
  private static final float COSCOF_P1 = -1.388731625493765E-003f;
  private static final float COSCOF_P2 = 4.166664568298827E-002f;
  private static final float FOPI = 1.27323954473516f;

  private AvxMathFun() {}

  private static float fma(float a, float b, float c) {
    return Math.fma(a, b, c);
  }

  /** Natural logarithm of a positive float, as {@code log256_ps} computes it. */
  public static float log(float input) {
    if (!(input > 0f)) {
      return Float.NaN;
    }
    float x = Math.max(input, Float.MIN_NORMAL);
    int bits = Float.floatToRawIntBits(x);
    float e = (float) ((bits >>> 23) - 0x7f);
    e = e + 1f;
    x = Float.intBitsToFloat((bits & ~0x7f800000) | Float.floatToRawIntBits(0.5f));
    boolean small = x < SQRTHF;
    float tmp = small ? x : 0f;
    x = x - 1f;
    e = e - (small ? 1f : 0f);
    x = x + tmp;
    float z = x * x;
    float y = fma(LOG_P0, x, LOG_P1);
    y = fma(y, x, LOG_P2);
    y = fma(y, x, LOG_P3);
    y = fma(y, x, LOG_P4);
    y = fma(y, x, LOG_P5);
    y = fma(y, x, LOG_P6);
    y = fma(y, x, LOG_P7);
    y = fma(y, x, LOG_P8);
    y = y * x;
    y = fma(y, z, e * LOG_Q1);
    y = y - z * 0.5f;
    x = x + y;
    return fma(e, LOG_Q2, x);
  }

  /** Sine and cosine of {@code input}, as {@code sincos256_ps} computes them: {sin, cos}. */
  public static void sincos(float input, float[] sinCos) {
    float x = Math.abs(input);
    boolean negative = Float.floatToRawIntBits(input) < 0;
    int j = (int) (x * FOPI);
    j = (j + 1) & ~1;
    float y = (float) j;
    boolean swapSin = (j & 4) != 0;
    boolean sinUsesSinPoly = (j & 2) != 0;
    boolean swapCos = ((~(j - 2)) & 4) != 0;
    x = fma(y, MINUS_DP1, x);
    x = fma(y, MINUS_DP2, x);
    x = fma(y, MINUS_DP3, x);

    float z = x * x;
    float c = fma(COSCOF_P0, z, COSCOF_P1);
    c = fma(c, z, COSCOF_P2);
    c = c * z;
    c = fma(c, z, -(z * 0.5f));
    c = c + 1f;

    float s = fma(SINCOF_P0, z, SINCOF_P1);
    s = fma(s, z, SINCOF_P2);
    s = s * z;
    s = fma(s, x, x);

    float sin = sinUsesSinPoly ? c : s;
    float cos = sinUsesSinPoly ? s : c;
    if (negative ^ swapSin) {
      sin = -sin;
    }
    if (swapCos) {
      cos = -cos;
    }
    sinCos[0] = sin;
    sinCos[1] = cos;
  }
}
