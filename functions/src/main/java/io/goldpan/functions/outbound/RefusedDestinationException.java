package io.goldpan.functions.outbound;

import io.goldpan.functions.FunctionsException;

/** A URL Goldpan will not send to: wrong scheme, no such host, or a non-public address. */
public class RefusedDestinationException extends FunctionsException {
  public RefusedDestinationException(String message) {
    super(message);
  }
}
