package io.goldpan.functions.push;

import io.goldpan.functions.FunctionsException;

/** Push is misconfigured (the VAPID keys are unusable): says which setting and how to fix it. */
public class PushException extends FunctionsException {
  public PushException(String message, Throwable cause) {
    super(message, cause);
  }
}
