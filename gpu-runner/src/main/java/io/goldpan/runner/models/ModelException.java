package io.goldpan.runner.models;

import io.goldpan.runner.RunnerException;

/**
 * A model could not be loaded or could not paint a job. When raised while painting, the job is at
 * fault (or cannot be painted here) and is reported as failed.
 */
public class ModelException extends RunnerException {
  public ModelException(String message) {
    super(message);
  }

  public ModelException(String message, Throwable cause) {
    super(message, cause);
  }
}
