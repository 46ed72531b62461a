package io.goldpan.runner;

import java.time.Duration;

/** Durations as the runner's logs and messages write them: {@code 10 s}, {@code 250 ms}. */
final class Durations {
  private Durations() {}

  static String describe(Duration duration) {
    return duration.toMillis() % 1000 == 0
        ? duration.toSeconds() + " s"
        : duration.toMillis() + " ms";
  }
}
