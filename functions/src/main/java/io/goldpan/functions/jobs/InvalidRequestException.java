package io.goldpan.functions.jobs;

import io.goldpan.functions.ApiError.FieldError;
import io.goldpan.functions.FunctionsException;
import java.util.List;

/** A request the API refuses with a 400; {@link #fields()} names every field at fault. */
public class InvalidRequestException extends FunctionsException {
  private final List<FieldError> fields;

  public InvalidRequestException(String message, List<FieldError> fields) {
    super(message);
    this.fields = List.copyOf(fields);
  }

  public static InvalidRequestException of(String field, String message) {
    return new InvalidRequestException(
        field + " " + message, List.of(new FieldError(field, message)));
  }

  public List<FieldError> fields() {
    return fields;
  }
}
