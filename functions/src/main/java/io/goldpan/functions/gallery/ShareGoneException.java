package io.goldpan.functions.gallery;

import io.goldpan.functions.FunctionsException;

/** A share link that existed but was revoked or expired; answered with a 410. */
public class ShareGoneException extends FunctionsException {
  public ShareGoneException(String message) {
    super(message);
  }
}
