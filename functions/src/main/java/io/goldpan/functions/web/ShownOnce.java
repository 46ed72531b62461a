package io.goldpan.functions.web;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.cookie.Cookie;
import io.micronaut.http.cookie.SameSite;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A secret made by a POST, carried to the GET it redirects to and shown there once (post, redirect,
 * get): a reload of the page shows it no more and makes nothing new. The secret is stored nowhere
 * it could be shown again; the cookie is HttpOnly, SameSite=Strict, limited to one page, short
 * lived, and read only by the session that made it.
 */
final class ShownOnce {
  private final String name;
  private final String path;
  private final Duration life;

  ShownOnce(String name, String path, Duration life) {
    this.name = name;
    this.path = path;
    this.life = life;
  }

  /** The cookie carrying {@code values} to this session's next GET of the page. */
  Cookie carry(HttpRequest<?> request, WebSession session, String... values) {
    String joined = session.keyId() + "\n" + String.join("\n", values);
    return cookie(
        request,
        Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(joined.getBytes(StandardCharsets.UTF_8)),
        life.toSeconds());
  }

  /** Whether the request brought the cookie, so the answer must clear it. */
  boolean brought(HttpRequest<?> request) {
    return request.getCookies().findCookie(name).isPresent();
  }

  /** The values this session's cookie carries, {@code count} of them; empty for any other. */
  Optional<List<String>> read(HttpRequest<?> request, WebSession session, int count) {
    return request
        .getCookies()
        .findCookie(name)
        .flatMap(
            c -> {
              try {
                String[] parts =
                    new String(Base64.getUrlDecoder().decode(c.getValue()), StandardCharsets.UTF_8)
                        .split("\n", count + 1);
                return parts.length == count + 1
                        && Objects.equals(parts[0], String.valueOf(session.keyId()))
                    ? Optional.of(Arrays.asList(parts).subList(1, parts.length))
                    : Optional.empty();
              } catch (IllegalArgumentException e) {
                return Optional.empty();
              }
            });
  }

  /** The cookie that deletes it: whatever it held, it is read once. */
  Cookie cleared(HttpRequest<?> request) {
    return cookie(request, "", 0);
  }

  private Cookie cookie(HttpRequest<?> request, String value, long maxAgeSeconds) {
    return Cookie.of(name, value)
        .httpOnly(true)
        .sameSite(SameSite.Strict)
        .secure(SessionFilter.isHttps(request))
        .path(path)
        .maxAge(maxAgeSeconds);
  }
}
