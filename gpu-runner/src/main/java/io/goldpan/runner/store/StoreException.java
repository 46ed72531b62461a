package io.goldpan.runner.store;

import io.goldpan.runner.RunnerException;

/** The models folder cannot be read or changed as asked; the message names the model and folder. */
public class StoreException extends RunnerException {
  public StoreException(String message) {
    super(message);
  }

  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
