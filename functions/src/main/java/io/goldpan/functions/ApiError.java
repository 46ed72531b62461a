package io.goldpan.functions;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/**
 * The JSON body of every error response: a stable machine code, a sentence for people and, for
 * invalid requests, the fields at fault.
 */
@Serdeable
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ApiError(String error, @Nullable String message, @Nullable List<FieldError> fields) {

  /** One rejected request field and why. */
  @Serdeable
  public record FieldError(String field, String message) {}

  public static ApiError unauthorized(String message) {
    return new ApiError("unauthorized", message, null);
  }

  public static ApiError tooManyRequests(String message) {
    return new ApiError("too_many_requests", message, null);
  }

  public static ApiError notFound() {
    return new ApiError("not_found", null, null);
  }

  public static ApiError conflict(String message) {
    return new ApiError("conflict", message, null);
  }

  public static ApiError internalError() {
    return new ApiError(
        "internal_error", "the server could not handle this request; the failure is logged", null);
  }

  public static ApiError invalidRequest(String message, List<FieldError> fields) {
    return new ApiError("invalid_request", message, List.copyOf(fields));
  }
}
