package io.goldpan.functions.auth;

import io.goldpan.functions.ApiError;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

/**
 * Lets a request under {@code /api/} through only with {@code Authorization: Bearer <api key>} of a
 * registered key, and hands the key's owner to the controllers as {@link #OWNER_ATTRIBUTE}. Wrong
 * keys are throttled by {@link ApiKeyGuard}: a 429 with {@code Retry-After}.
 */
@ServerFilter("/api/**")
public class ApiKeyFilter {
  /** Request attribute holding the authenticated owner. */
  public static final String OWNER_ATTRIBUTE = "goldpan.owner";

  private static final String BEARER = "Bearer ";

  private final ApiKeyGuard guard;

  public ApiKeyFilter(ApiKeyGuard guard) {
    this.guard = guard;
  }

  /** {@code null} lets the request through; a response ends it with a 401 or 429. */
  @RequestFilter
  @ExecuteOn(TaskExecutors.BLOCKING)
  @Nullable public HttpResponse<ApiError> authenticate(HttpRequest<?> request) {
    String header = request.getHeaders().get(HttpHeaders.AUTHORIZATION);
    if (header == null || header.isBlank()) {
      return unauthorized("send an API key as Authorization: Bearer <key>");
    }
    if (!header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      return unauthorized("the Authorization header must use the Bearer scheme");
    }
    ApiKeyGuard.Outcome outcome =
        guard.check(request, header.substring(BEARER.length()).trim(), "api");
    if (outcome instanceof ApiKeyGuard.Throttled throttled) {
      return HttpResponse.<ApiError>status(HttpStatus.TOO_MANY_REQUESTS)
          .header(HttpHeaders.RETRY_AFTER, Long.toString(throttled.retryAfterSeconds()))
          .body(
              ApiError.tooManyRequests(
                  "too many failed API key checks; retry after "
                      + throttled.retryAfterSeconds()
                      + " seconds"));
    }
    if (!(outcome instanceof ApiKeyGuard.Accepted accepted)) {
      return unauthorized("the API key is not valid");
    }
    request.setAttribute(OWNER_ATTRIBUTE, accepted.owner());
    return null;
  }

  private static HttpResponse<ApiError> unauthorized(String message) {
    return HttpResponse.<ApiError>unauthorized()
        .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
        .body(ApiError.unauthorized(message));
  }
}
