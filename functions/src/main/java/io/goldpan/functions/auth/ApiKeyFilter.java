package io.goldpan.functions.auth;

import io.goldpan.functions.ApiError;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.util.Optional;

/**
 * Lets a request under {@code /api/} through only with {@code Authorization: Bearer <api key>} of a
 * registered key, and hands the key's owner to the controllers as {@link #OWNER_ATTRIBUTE}.
 */
@ServerFilter("/api/**")
public class ApiKeyFilter {
  /** Request attribute holding the authenticated owner. */
  public static final String OWNER_ATTRIBUTE = "goldpan.owner";

  private static final String BEARER = "Bearer ";

  private final ApiKeys apiKeys;

  public ApiKeyFilter(ApiKeys apiKeys) {
    this.apiKeys = apiKeys;
  }

  /** {@code null} lets the request through; a response ends it with a 401. */
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
    Optional<String> owner = apiKeys.authenticate(header.substring(BEARER.length()).trim());
    if (owner.isEmpty()) {
      return unauthorized("the API key is not valid");
    }
    request.setAttribute(OWNER_ATTRIBUTE, owner.get());
    return null;
  }

  private static HttpResponse<ApiError> unauthorized(String message) {
    return HttpResponse.<ApiError>unauthorized()
        .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
        .body(ApiError.unauthorized(message));
  }
}
