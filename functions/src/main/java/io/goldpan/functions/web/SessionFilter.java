package io.goldpan.functions.web;

import io.goldpan.functions.web.internal.FormBody;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.cookie.Cookie;
import io.micronaut.http.cookie.SameSite;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.net.URI;
import java.util.Optional;

/**
 * Guards the web app under {@code /app}: a request needs a live session cookie, and every request
 * that is not a GET or HEAD needs the session's CSRF token, as the {@code X-CSRF-Token} header or
 * the {@code _csrf} form field. Checking here, not per controller, means no route can forget it.
 */
@ServerFilter({"/app", "/app/**"})
public class SessionFilter {
  /** Request attribute holding the {@link WebSession}. */
  public static final String SESSION_ATTRIBUTE = "goldpan.web.session";

  public static final String COOKIE = "goldpan_session";
  public static final String CSRF_HEADER = "X-CSRF-Token";
  public static final String CSRF_FIELD = "_csrf";

  private final WebSessions sessions;

  public SessionFilter(WebSessions sessions) {
    this.sessions = sessions;
  }

  /** {@code null} lets the request through. */
  @RequestFilter
  @ExecuteOn(TaskExecutors.BLOCKING)
  @Nullable public HttpResponse<?> authenticate(HttpRequest<?> request) {
    Optional<WebSession> session =
        request.getCookies().findCookie(COOKIE).flatMap(c -> sessions.find(c.getValue()));
    boolean safe = request.getMethod() == HttpMethod.GET || request.getMethod() == HttpMethod.HEAD;
    if (session.isEmpty()) {
      if (safe && !wantsJson(request)) {
        return HttpResponse.seeOther(URI.create("/login"));
      }
      return HttpResponse.unauthorized()
          .contentType(MediaType.TEXT_PLAIN_TYPE)
          .body("Sign in first: your session is missing or has expired.");
    }
    if (!safe && !WebSessions.csrfMatches(session.get(), csrfToken(request))) {
      return HttpResponse.status(HttpStatus.FORBIDDEN)
          .contentType(MediaType.TEXT_PLAIN_TYPE)
          .body(
              "The form was stale or came from another site (CSRF check failed). Reload and"
                  + " retry.");
    }
    request.setAttribute(SESSION_ATTRIBUTE, session.get());
    return null;
  }

  /**
   * Signed-in pages are private: never cached, never framed. Also for what {@link Pages} did not
   * render (JSON, redirects); the headers are set, not added, so each is sent once.
   */
  @ResponseFilter
  public void privateHeaders(MutableHttpResponse<?> response) {
    response.getHeaders().set("Cache-Control", "no-store");
    WebHeaders.apply(response);
  }

  private static String csrfToken(HttpRequest<?> request) {
    String header = request.getHeaders().get(CSRF_HEADER);
    if (header != null) {
      return header;
    }
    boolean form =
        request
            .getContentType()
            .map(t -> t.matches(MediaType.APPLICATION_FORM_URLENCODED_TYPE))
            .orElse(false);
    return form ? FormBody.of(request).get(CSRF_FIELD) : null;
  }

  private static boolean wantsJson(HttpRequest<?> request) {
    String accept = request.getHeaders().get("Accept");
    return accept != null && accept.contains("application/json");
  }

  /** The session cookie: HttpOnly, SameSite=Lax, Secure when the request came over HTTPS. */
  static Cookie cookie(HttpRequest<?> request, String value, long maxAgeSeconds) {
    return Cookie.of(COOKIE, value)
        .httpOnly(true)
        .sameSite(SameSite.Lax)
        .secure(isHttps(request))
        .path("/")
        .maxAge(maxAgeSeconds);
  }

  static boolean isHttps(HttpRequest<?> request) {
    return request.isSecure()
        || "https".equalsIgnoreCase(request.getHeaders().get("X-Forwarded-Proto"));
  }
}
