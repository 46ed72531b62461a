package io.goldpan.runner.internal;

import java.time.Duration;

/** Pauses after consecutive failures: {@code min}, doubling each time, never above {@code max}. */
public final class Backoff {
  private final Duration min;
  private final Duration max;
  private int failures;

  public Backoff(Duration min, Duration max) {
    this.min = min;
    this.max = max.compareTo(min) < 0 ? min : max;
  }

  /** The pause after one more failure. */
  public Duration next() {
    failures++;
    Duration pause = min;
    for (int i = 1; i < failures && pause.compareTo(max) < 0; i++) {
      pause = pause.multipliedBy(2);
    }
    return pause.compareTo(max) > 0 ? max : pause;
  }

  /** How many failures in a row so far. */
  public int failures() {
    return failures;
  }

  /** A success: the next failure pauses {@code min} again. */
  public void reset() {
    failures = 0;
  }
}
