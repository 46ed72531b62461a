package io.goldpan.functions.auth;

import io.goldpan.functions.FunctionsException;

/** A key request only an admin may make: a 403. */
public class KeyForbiddenException extends FunctionsException {
  public KeyForbiddenException(String message) {
    super(message);
  }
}
