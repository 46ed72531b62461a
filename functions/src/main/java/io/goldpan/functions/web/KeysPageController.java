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
import io.micronaut.http.cookie.Cookie;
import io.micronaut.http.cookie.SameSite;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
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
  private static final long NEW_KEY_SECONDS = 300;

  @Get
  public HttpResponse<String> list(
      @RequestAttribute(SessionFilter.SESSION_ATTRIBUTE) WebSession session,
      HttpRequest<?> request) {
    Optional<Cookie> flash = request.getCookies().findCookie(NEW_KEY_COOKIE);
    NewKey created = flash.map(c -> newKey(c.getValue(), session)).orElse(null);
    MutableHttpResponse<String> page =
        pages.html(
            "keys",
            page(
                session,
                created == null ? null : created.key(),
                created == null ? null : created.owner(),
                Map.of()));
    // Whatever it held, the cookie is read once.
    return flash.isEmpty() ? page : page.cookie(newKeyCookie(request, "", 0));
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
      // The key is stored nowhere it could be shown again: only the next GET of this page gets it.
      String flash = session.keyId() + "\n" + owner + "\n" + created.key();
      return HttpResponse.<String>seeOther(URI.create("/app/keys"))
          .cookie(
              newKeyCookie(
                  request,
                  Base64.getUrlEncoder()
                      .withoutPadding()
                      .encodeToString(flash.getBytes(StandardCharsets.UTF_8)),
                  NEW_KEY_SECONDS));
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

  /** A key just made, and for whom. */
  private record NewKey(String owner, String key) {}

  /** The new key a cookie carries, when it was made by this session; else null. */
  private static NewKey newKey(String value, WebSession session) {
    try {
      String[] parts =
          new String(Base64.getUrlDecoder().decode(value), StandardCharsets.UTF_8).split("\n", 3);
      return parts.length == 3 && Objects.equals(parts[0], String.valueOf(session.keyId()))
          ? new NewKey(parts[1], parts[2])
          : null;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static Cookie newKeyCookie(HttpRequest<?> request, String value, long maxAgeSeconds) {
    return Cookie.of(NEW_KEY_COOKIE, value)
        .httpOnly(true)
        .sameSite(SameSite.Strict)
        .secure(SessionFilter.isHttps(request))
        .path("/app/keys")
        .maxAge(maxAgeSeconds);
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
