package io.goldpan.functions.jobs;

/** Where a job is in its life. Status only moves forward; the last four are terminal. */
public enum JobStatus {
  QUEUED,
  RUNNING,
  SUCCEEDED,
  FAILED,
  CANCELLED,
  EXPIRED;

  public boolean isTerminal() {
    return this != QUEUED && this != RUNNING;
  }
}
