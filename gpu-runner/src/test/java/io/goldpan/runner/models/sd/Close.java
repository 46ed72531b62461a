package io.goldpan.runner.models.sd;

import static org.assertj.core.api.Assertions.assertThat;

/** Element-wise closeness with a relative tolerance and an absolute floor for values near zero. */
final class Close {
  private Close() {}

  static void assertClose(
      String what, float[] actual, float[] expected, double relative, double absolute) {
    assertThat(actual).as(what + " length").hasSize(expected.length);
    int worst = -1;
    double worstExcess = 0;
    for (int i = 0; i < expected.length; i++) {
      double error = Math.abs((double) actual[i] - expected[i]);
      double allowed = relative * Math.abs(expected[i]) + absolute;
      if (!(error <= allowed) && (worst < 0 || error - allowed > worstExcess)) {
        worst = i;
        worstExcess = error - allowed;
      }
    }
    if (worst >= 0) {
      throw new AssertionError(
          what
              + ": element "
              + worst
              + " is "
              + actual[worst]
              + ", expected "
              + expected[worst]
              + " (relative tolerance "
              + relative
              + ", absolute "
              + absolute
              + ")");
    }
  }
}
