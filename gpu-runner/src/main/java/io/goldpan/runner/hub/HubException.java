package io.goldpan.runner.hub;

import io.goldpan.runner.RunnerException;

/** A model could not be pulled from the Hub; the message names the repo, the file and the fix. */
public class HubException extends RunnerException {
  public HubException(String message) {
    super(message);
  }

  public HubException(String message, Throwable cause) {
    super(message, cause);
  }
}
