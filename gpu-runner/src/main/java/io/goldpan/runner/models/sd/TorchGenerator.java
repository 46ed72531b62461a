package io.goldpan.runner.models.sd;

import io.goldpan.runner.models.sd.internal.AvxMathFun;
import io.goldpan.runner.models.sd.internal.Mt19937;

/**
 * Reproduces {@code torch.Generator("cpu").manual_seed(seed)} followed by {@code torch.randn(shape,
 * generator=g, dtype=torch.float32)} bit for bit, so a seed gives the same initial latents as
 * diffusers. Successive calls continue the same stream, as repeated draws from one torch generator
 * do. Not thread-safe: one generator per image.
 *
 * <p>Tensors of 16 or more values follow torch's vectorised {@code normal_fill} as its AVX2 kernel
 * runs it (what torch uses on an AVX2 CPU). torch's generic kernel (its {@code default} CPU
 * capability and, by our reading of torch 2.15's source, AVX-512 CPUs) computes the same Box-Muller
 * with libm's {@code logf/sinf/cosf} and differs in the last bit for about 1.5% of values.
 */
public final class TorchGenerator {
  private static final int CHUNK = 16;
  private static final float TWO_PI = (float) (2.0 * Math.PI);

  private final long seed;
  private final Mt19937 engine;

  /** torch caches the second Box-Muller value of its scalar (double) path between calls. */
  private double cachedNormal = Double.NaN;

  private final float[] sinCos = new float[2];

  public TorchGenerator(long seed) {
    this.seed = seed;
    this.engine = new Mt19937(seed);
  }

  /** The seed given to {@code manual_seed}. */
  public long seed() {
    return seed;
  }

  /** Standard normal samples for a tensor of {@code shape}, in row-major order. */
  public float[] randn(long... shape) {
    long count = 1;
    for (long dim : shape) {
      if (dim < 0) {
        throw new IllegalArgumentException("negative dimension in shape: " + dim);
      }
      count = Math.multiplyExact(count, dim);
    }
    if (count > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("tensor too large: " + count + " elements");
    }
    float[] out = new float[(int) count];
    if (out.length >= CHUNK) {
      normalFill(out);
    } else {
      for (int i = 0; i < out.length; i++) {
        out[i] = (float) nextDoubleNormal();
      }
    }
    return out;
  }

  /**
   * torch's vectorised {@code normal_fill}: uniforms for every element, Box-Muller on each full
   * chunk of 16 (first 8 → radius, last 8 → angle), then the last 16 recomputed from fresh uniforms
   * when the size is not a multiple of 16.
   */
  private void normalFill(float[] data) {
    int size = data.length;
    for (int i = 0; i < size; i++) {
      data[i] = nextFloatUniform();
    }
    for (int i = 0; i + CHUNK <= size; i += CHUNK) {
      boxMuller16(data, i);
    }
    if (size % CHUNK != 0) {
      int offset = size - CHUNK;
      for (int i = 0; i < CHUNK; i++) {
        data[offset + i] = nextFloatUniform();
      }
      boxMuller16(data, offset);
    }
  }

  private void boxMuller16(float[] data, int offset) {
    for (int j = 0; j < 8; j++) {
      float u1 = 1f - data[offset + j];
      float u2 = data[offset + j + 8];
      float radius = (float) Math.sqrt(-2f * AvxMathFun.log(u1));
      float theta = TWO_PI * u2;
      AvxMathFun.sincos(theta, sinCos);
      data[offset + j] = radius * sinCos[1];
      data[offset + j + 8] = radius * sinCos[0];
    }
  }

  /** {@code at::normal_distribution<double>}: Box-Muller in double, caching the sine value. */
  private double nextDoubleNormal() {
    if (!Double.isNaN(cachedNormal)) {
      double value = cachedNormal;
      cachedNormal = Double.NaN;
      return value;
    }
    double u1 = nextDoubleUniform();
    double u2 = nextDoubleUniform();
    double r = StrictMath.sqrt(-2.0 * StrictMath.log1p(-u2));
    double theta = 2.0 * Math.PI * u1;
    cachedNormal = r * StrictMath.sin(theta);
    return r * StrictMath.cos(theta);
  }

  /** 24 random bits scaled to [0, 1), {@code uniform_real_distribution<float>}. */
  private float nextFloatUniform() {
    return (engine.nextUnsignedInt() & 0xffffffL) * 0x1p-24f;
  }

  /** 53 random bits scaled to [0, 1), {@code uniform_real_distribution<double>}. */
  private double nextDoubleUniform() {
    return (engine.nextLong() & ((1L << 53) - 1)) * 0x1p-53;
  }
}
