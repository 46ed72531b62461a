package io.goldpan.runner.scoring;

import io.goldpan.runner.RunnerException;

/** A scorer could not be opened, or could not score an image. */
public class ScorerException extends RunnerException {
  public ScorerException(String message) {
    super(message);
  }

  public ScorerException(String message, Throwable cause) {
    super(message, cause);
  }
}
