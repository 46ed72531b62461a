package io.goldpan.functions.push;

import io.goldpan.functions.FunctionsException;

/** A subscription the settings page sent was refused: which field, and why. */
public class InvalidSubscriptionException extends FunctionsException {
  private final String field;
  private final String problem;

  public InvalidSubscriptionException(String field, String problem) {
    super(field + ": " + problem);
    this.field = field;
    this.problem = problem;
  }

  public String field() {
    return field;
  }

  public String problem() {
    return problem;
  }
}
