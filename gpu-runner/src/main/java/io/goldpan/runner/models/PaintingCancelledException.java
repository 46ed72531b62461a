package io.goldpan.runner.models;

import io.goldpan.runner.RunnerException;

/** A job's cancellation check said stop: painting ended between two steps and returns nothing. */
public final class PaintingCancelledException extends RunnerException {
  public PaintingCancelledException(String message) {
    super(message);
  }
}
