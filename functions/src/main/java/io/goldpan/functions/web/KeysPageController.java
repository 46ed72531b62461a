package io.goldpan.functions.web;

import io.goldpan.functions.auth.ApiKey;
import io.goldpan.functions.auth.ApiKeys;
import io.goldpan.functions.auth.AuthConfig;
import io.goldpan.functions.auth.KeyRequestException;
import io.goldpan.functions.gallery.GalleryNotFoundException;
import io.goldpan.functions.web.internal.FormBody;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.RequestAttribute;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Keys page: an admin lets a friend in and revokes keys; everyone manages their own.
 *
 * <p>A new key is shown once, after a redirect (so reloading the page neither makes a second key
 * nor shows this one again): the POST hands it to the next GET of this page in a short-lived cookie
 * scoped to {@code /app/keys} and bound to the session that made it, and that GET clears it.
 */
@Controller("/app/keys")
@ExecuteOn(TaskExecutors.BLOCKING)
public class KeysPageController {
  private static final Logger LOG = LoggerFactory.getLogger(KeysPageController.class);

  private final ApiKeys keys;
  private final AuthConfig config;
  private final Pages pages;

  public KeysPageController(ApiKeys keys, AuthConfig config, Pages pages) {
    this.keys = keys;
    this.config = config;
    this.pages = pages;
  }

  static final String NEW_KEY_COOKIE = "goldpan_new_key";
  private static final ShownOnce NEW_KEY =
      new ShownOnce(NEW_KEY_COOKIE, "/app/keys", Duration.ofMinutes(5));

  @Get
  public HttpResponse<String> list(
      @RequestAttribute(SessionFilter.SESSION_ATTRIBUTE) WebSession session,
      HttpRequest<?> request) {
    // owner, then key
    List<String> created = NEW_KEY.read(request, session, 2).orElse(null);
    MutableHttpResponse<String> page =
        pages.html(
            "keys",
            page(
                session,
                created == null ? null : created.get(1),
                created == null ? null : created.get(0),
                Map.of()));
    return NEW_KEY.brought(request) ? page.cookie(NEW_KEY.cleared(request)) : page;
  }

  @Post
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public HttpResponse<String> create(
      @RequestAttribute(SessionFilter.SESSION_ATTRIBUTE) WebSession session,
      HttpRequest<?> request) {
    FormBody form = FormBody.of(request);
    String owner = form.get("owner").strip();
    if (owner.isEmpty() || !config.isAdmin(session.owner())) {
      owner = session.owner(); // only an admin makes keys for others
    }
    try {
      ApiKeys.Created created = keys.create(owner, form.get("label"));
      LOG.info("api key created: keyId={} owner={} by={}", created.keyId(), owner, session.owner());
      return HttpResponse.<String>seeOther(URI.create("/app/keys"))
          .cookie(NEW_KEY.carry(request, session, owner, created.key()));
    } catch (KeyRequestException e) {
      return pages.html(
          HttpStatus.BAD_REQUEST,
          "keys",
          page(session, null, null, Map.of(e.field(), e.problem())));
    }
  }

  @Post("/{id}/revoke")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public HttpResponse<?> revoke(
      @RequestAttribute(SessionFilter.SESSION_ATTRIBUTE) WebSession session,
      @PathVariable String id) {
    if (keys.revoke(session.owner(), config.isAdmin(session.owner()), id).isEmpty()) {
      throw new GalleryNotFoundException("key " + id);
    }
    LOG.info("api key revoked: keyId={} by={}", id, session.owner());
    return HttpResponse.seeOther(URI.create("/app/keys"));
  }

  private Views.KeysPage page(
      WebSession session, String newKey, String newKeyOwner, Map<String, String> errors) {
    boolean admin = config.isAdmin(session.owner());
    List<ApiKey> shown = admin ? keys.all() : keys.of(session.owner());
    List<Views.KeyRow> rows =
        shown.stream()
            .map(
                k ->
                    new Views.KeyRow(
                        k.keyId(),
                        k.owner(),
                        k.label() == null ? "" : k.label(),
                        k.createdAt().toString(),
                        k.lastUsedAt() == null ? "never" : k.lastUsedAt().toString(),
                        k.keyId().equals(session.keyId())))
            .toList();
    return new Views.KeysPage(
        Views.Shell.signedIn("Keys", session, "keys"), rows, admin, newKey, newKeyOwner, errors);
  }
}
