package io.goldpan.runner;

import java.time.Duration;

/**
 * Durations as the runner's logs and messages write them: {@code 250 ms}, {@code 10 s}, {@code 10
 * min}, {@code 2 h}.
 */
final class Durations {
  private Durations() {}

  static String describe(Duration duration) {
    if (duration.toMillis() % 1000 != 0) {
      return duration.toMillis() + " ms";
    }
    long seconds = duration.toSeconds();
    if (seconds >= 3600 && seconds % 3600 == 0) {
      return seconds / 3600 + " h";
    }
    if (seconds >= 60 && seconds % 60 == 0) {
      return seconds / 60 + " min";
    }
    return seconds + " s";
  }
}
