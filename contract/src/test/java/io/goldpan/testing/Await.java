package io.goldpan.testing;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/** Waits for a condition by polling it until a deadline, instead of sleeping a guessed time. */
public final class Await {
  /** The deadline when a test names none. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

  private static final long POLL_NANOS = Duration.ofMillis(5).toNanos();

  private Await() {}

  /** A condition that may throw while it cannot be decided yet (a server not up, say). */
  @FunctionalInterface
  public interface Condition {
    boolean holds() throws Exception;
  }

  /** Waits up to {@link #DEFAULT_TIMEOUT} until {@code condition} holds. */
  public static void until(String what, Condition condition) {
    until(what, DEFAULT_TIMEOUT, condition);
  }

  /**
   * Waits up to {@code timeout} until {@code condition} holds; an exception it throws counts as not
   * yet and is attached to the failure if the deadline passes.
   *
   * @throws AssertionError naming {@code what} when the deadline passes
   */
  public static void until(String what, Duration timeout, Condition condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    Exception last = null;
    while (true) {
      try {
        if (condition.holds()) {
          return;
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted waiting until " + what, e);
      } catch (Exception e) {
        last = e;
      }
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("timed out after " + timeout + " waiting until " + what, last);
      }
      LockSupport.parkNanos(POLL_NANOS);
    }
  }
}
