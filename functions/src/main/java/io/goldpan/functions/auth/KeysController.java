package io.goldpan.functions.auth;

import io.goldpan.functions.ApiError;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Error;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.RequestAttribute;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.serde.annotation.Serdeable;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * API keys: an admin lets a friend in ({@code POST}) and takes any key back ({@code DELETE}); every
 * owner lists and revokes their own. The full key is in the answer to its creation only.
 */
@Controller("/api/keys")
@ExecuteOn(TaskExecutors.BLOCKING)
public class KeysController {
  private static final Logger LOG = LoggerFactory.getLogger(KeysController.class);

  private final ApiKeys keys;
  private final AuthConfig config;

  public KeysController(ApiKeys keys, AuthConfig config) {
    this.keys = keys;
    this.config = config;
  }

  /** What a request for a new key says. */
  @Serdeable
  public record NewKey(@Nullable String owner, @Nullable String label) {}

  /** A key as listed: never its secret. */
  @Serdeable
  public record KeyView(
      String id,
      String owner,
      @Nullable String label,
      Instant createdAt,
      @Nullable Instant lastUsedAt) {
    static KeyView of(ApiKey key) {
      return new KeyView(key.keyId(), key.owner(), key.label(), key.createdAt(), key.lastUsedAt());
    }
  }

  /** A key just made, with the full key: shown once. */
  @Serdeable
  public record CreatedKey(String id, String owner, @Nullable String label, String key) {}

  @Post
  public HttpResponse<CreatedKey> create(
      @RequestAttribute(ApiKeyFilter.OWNER_ATTRIBUTE) String caller, @Body NewKey request) {
    String owner =
        request.owner() == null || request.owner().isBlank() ? caller : request.owner().strip();
    if (!owner.equals(caller) && !config.isAdmin(caller)) {
      throw new KeyForbiddenException("only an admin can make keys for other owners");
    }
    ApiKeys.Created created = keys.create(owner, request.label());
    LOG.info("api key created: keyId={} owner={} by={}", created.keyId(), owner, caller);
    return HttpResponse.created(
        new CreatedKey(created.keyId(), owner, request.label(), created.key()),
        URI.create("/api/keys/" + created.keyId()));
  }

  /** The caller's keys, or every key for an admin. */
  @Get
  public List<KeyView> list(@RequestAttribute(ApiKeyFilter.OWNER_ATTRIBUTE) String caller) {
    List<ApiKey> found = config.isAdmin(caller) ? keys.all() : keys.of(caller);
    return found.stream().map(KeyView::of).toList();
  }

  /** Revokes a key of the caller's, or any key for an admin; another owner's key is not found. */
  @Delete("/{id}")
  public HttpResponse<Void> revoke(
      @RequestAttribute(ApiKeyFilter.OWNER_ATTRIBUTE) String caller, @PathVariable String id) {
    if (keys.revoke(caller, config.isAdmin(caller), id).isEmpty()) {
      return HttpResponse.notFound();
    }
    LOG.info("api key revoked: keyId={} by={}", id, caller);
    return HttpResponse.noContent();
  }

  @Error(exception = KeyRequestException.class)
  HttpResponse<ApiError> invalid(KeyRequestException e) {
    return HttpResponse.badRequest(
        ApiError.invalidRequest(
            e.getMessage(), List.of(new ApiError.FieldError(e.field(), e.problem()))));
  }

  @Error(exception = KeyForbiddenException.class)
  HttpResponse<ApiError> forbidden(KeyForbiddenException e) {
    return HttpResponse.<ApiError>status(HttpStatus.FORBIDDEN)
        .body(new ApiError("forbidden", e.getMessage(), null));
  }
}
