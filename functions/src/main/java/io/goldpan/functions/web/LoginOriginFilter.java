package io.goldpan.functions.web;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;
import io.micronaut.http.server.annotation.PreMatching;
import java.util.Locale;

/**
 * Refuses a sign-in posted from another site: one whose {@code Origin} is present and not this
 * app's own, or whose {@code Sec-Fetch-Site} is {@code cross-site}. {@code POST /login} has no CSRF
 * token (there is no session yet), so without this a page elsewhere could sign a browser in as its
 * own owner. It runs before Micronaut's CORS filter (both before routing), whose guard works only
 * for a server bound to localhost, never on Lambda.
 */
@ServerFilter(value = "/login", methods = HttpMethod.POST)
public class LoginOriginFilter implements Ordered {
  private final Pages pages;

  public LoginOriginFilter(Pages pages) {
    this.pages = pages;
  }

  /** {@code null} lets the request through. */
  @RequestFilter
  @PreMatching
  @Nullable public HttpResponse<String> checkOrigin(HttpRequest<?> request) {
    String origin = request.getHeaders().get("Origin");
    String fetchSite = request.getHeaders().get("Sec-Fetch-Site");
    boolean foreignOrigin = origin != null && !origin.equalsIgnoreCase(ownOrigin(request));
    if (!foreignOrigin && !"cross-site".equalsIgnoreCase(fetchSite)) {
      return null;
    }
    return pages.html(
        HttpStatus.FORBIDDEN,
        "loginRefused",
        new Views.LoginPage(Views.Shell.open("Sign-in refused"), null));
  }

  @Override
  public int getOrder() {
    return ServerFilterPhase.METRICS.before();
  }

  /** {@code scheme://host[:port]} as the browser addressed this app. */
  private static String ownOrigin(HttpRequest<?> request) {
    String host = request.getHeaders().get("Host");
    if (host == null) {
      host = request.getUri().getAuthority();
    }
    return (SessionFilter.isHttps(request) ? "https" : "http")
        + "://"
        + (host == null ? "" : host.toLowerCase(Locale.ROOT));
  }
}
