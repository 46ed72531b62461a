package io.goldpan.functions.jobs;

import io.goldpan.functions.FunctionsException;

/** No job with that id belongs to the caller (it may belong to someone else: we do not say). */
public class JobNotFoundException extends FunctionsException {
  public JobNotFoundException(String jobId) {
    super("no such job: " + jobId);
  }
}
