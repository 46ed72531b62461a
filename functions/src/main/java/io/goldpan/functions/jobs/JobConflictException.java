package io.goldpan.functions.jobs;

import io.goldpan.functions.FunctionsException;

/** The job's state does not allow the request, e.g. cancelling a finished job. */
public class JobConflictException extends FunctionsException {
  public JobConflictException(String message) {
    super(message);
  }
}
