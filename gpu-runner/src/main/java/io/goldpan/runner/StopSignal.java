package io.goldpan.runner;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** Tells the parts of a job's handling that the runner is stopping, so they hand the job back. */
interface StopSignal {
  /** Whether a stop was requested. */
  boolean stopRequested();

  /**
   * Waits {@code max} unless a stop is requested first (or the thread is interrupted, which counts
   * as one).
   *
   * @return whether the runner is stopping
   */
  boolean awaitStop(Duration max);

  /** Completes when a stop is requested. */
  CompletableFuture<Void> stopping();
}
