package io.goldpan.contract;

/** Kinds of message a runner sends on the events queue. */
public enum EventType {
  /** A runner took the job and begins to paint. */
  STARTED,
  /** A step or image of a running job finished; it may list the images stored so far. */
  PROGRESS,
  /** Every image is uploaded; the event lists them. */
  SUCCEEDED,
  /** The job cannot be painted; the event says why. */
  FAILED,
  /** The runner saw the job's cancel marker and stopped. */
  CANCELLED,
  /** Not about a job: the runner is alive, idle or busy. */
  RUNNER_HEARTBEAT;

  /** Whether the event ends its job (succeeded, failed or cancelled). */
  public boolean isTerminal() {
    return this == SUCCEEDED || this == FAILED || this == CANCELLED;
  }
}
