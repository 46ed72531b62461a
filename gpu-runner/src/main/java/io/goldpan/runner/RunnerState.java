package io.goldpan.runner;

/**
 * Where a {@link Runner} is in its life. It only moves forward: {@code NEW → RUNNING → STOPPING →
 * STOPPED → CLOSED}, or from {@code NEW} straight to {@code STOPPING} when it is stopped (or
 * closed) before it was started.
 */
public enum RunnerState {
  /** Built, not started: nothing polls, no thread runs. */
  NEW,
  /** Polling the jobs queue and painting. */
  RUNNING,
  /** A stop is under way: no new message is taken; the job in hand finishes or is released. */
  STOPPING,
  /** Its threads are done or given up on; the resources it opened are still open. */
  STOPPED,
  /** Stopped, and what it opened is freed. */
  CLOSED
}
