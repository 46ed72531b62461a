package io.goldpan.runner.models.sd.internal;

/**
 * The 32-bit Mersenne Twister exactly as PyTorch's {@code at::mt19937_engine} implements it
 * (ATen/core/MT19937RNGEngine.h): only the low 32 bits of the seed are used.
 */
public final class Mt19937 {
  private static final int N = 624;
  private static final int M = 397;
  private static final int MATRIX_A = 0x9908b0df;
  private static final int UPPER_MASK = 0x80000000;
  private static final int LOWER_MASK = 0x7fffffff;

  private final int[] state = new int[N];
  private int left;
  private int next;

  public Mt19937(long seed) {
    state[0] = (int) seed;
    for (int j = 1; j < N; j++) {
      state[j] = 1812433253 * (state[j - 1] ^ (state[j - 1] >>> 30)) + j;
    }
    left = 1;
    next = 0;
  }

  /** The next 32 random bits, as an unsigned value in a {@code long}. */
  public long nextUnsignedInt() {
    if (--left == 0) {
      nextState();
    }
    int y = state[next++];
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y & 0xffffffffL;
  }

  /** Two draws combined high word first, as {@code CPUGeneratorImpl::random64} does. */
  public long nextLong() {
    long hi = nextUnsignedInt();
    long lo = nextUnsignedInt();
    return (hi << 32) | lo;
  }

  private void nextState() {
    left = N;
    next = 0;
    int p = 0;
    for (; p < N - M; p++) {
      state[p] = state[p + M] ^ twist(state[p], state[p + 1]);
    }
    for (; p < N - 1; p++) {
      state[p] = state[p + M - N] ^ twist(state[p], state[p + 1]);
    }
    state[p] = state[p + M - N] ^ twist(state[p], state[0]);
  }

  private static int twist(int u, int v) {
    int mixed = (u & UPPER_MASK) | (v & LOWER_MASK);
    return (mixed >>> 1) ^ ((v & 1) != 0 ? MATRIX_A : 0);
  }
}
