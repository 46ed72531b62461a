package io.goldpan.functions.auth;

import io.goldpan.functions.FunctionsException;

/** A string that cannot be a Goldpan API key, or a key that clashes with a registered one. */
public class InvalidApiKeyException extends FunctionsException {
  public InvalidApiKeyException(String message) {
    super(message);
  }
}
