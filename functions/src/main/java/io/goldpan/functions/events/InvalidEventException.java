package io.goldpan.functions.events;

import io.goldpan.functions.FunctionsException;
import io.micronaut.core.annotation.Nullable;

/** A runner event outside its job's bounds: it can never be applied, so it is dropped. */
public class InvalidEventException extends FunctionsException {
  private final String jobId;
  private final String problem;

  public InvalidEventException(@Nullable String jobId, String problem) {
    super("event for jobId=" + (jobId == null ? "-" : jobId) + " is malformed: " + problem);
    this.jobId = jobId;
    this.problem = problem;
  }

  /** The job the event is about, or {@code null} for a runner heartbeat. */
  @Nullable public String jobId() {
    return jobId;
  }

  /** What is wrong, without the event's own text. */
  public String problem() {
    return problem;
  }
}
