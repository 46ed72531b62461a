package io.goldpan.functions.auth;

import io.goldpan.functions.FunctionsException;

/** A request about keys the API refuses with a 400 naming {@link #field()}. */
public class KeyRequestException extends FunctionsException {
  private final String field;

  public KeyRequestException(String field, String problem) {
    super(field + " " + problem);
    this.field = field;
  }

  public String field() {
    return field;
  }

  /** The problem without the field's name. */
  public String problem() {
    return getMessage().substring(field.length() + 1);
  }
}
