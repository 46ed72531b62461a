package io.goldpan.functions.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A browser for HTTP-level tests of the web app: keeps the session cookie, knows the CSRF token,
 * follows no redirects (tests assert them).
 */
public final class Browser {
  private static final HttpClient CLIENT =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .followRedirects(HttpClient.Redirect.NEVER)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private static final Pattern CSRF = Pattern.compile("name=\"csrf-token\" content=\"([^\"]+)\"");
  private static final Pattern COOKIE = Pattern.compile("goldpan_session=([^;]*)");
  private static final Pattern OTHER_COOKIE = Pattern.compile("^(goldpan_[a-z_]+)=([^;]*)");

  private final URI base;
  private String cookie;
  private String csrf;
  private final java.util.Map<String, String> others = new java.util.TreeMap<>();

  public Browser(URI base) {
    this.base = base;
  }

  /** Signs in with {@code apiKey}; afterwards the browser carries the cookie and CSRF token. */
  public Browser signIn(String apiKey) {
    HttpResponse<String> response = post("/login", form("apiKey", apiKey), false);
    if (response.statusCode() != 303) {
      throw new IllegalStateException("sign-in failed: " + response.statusCode());
    }
    HttpResponse<String> app = get("/app");
    Matcher m = CSRF.matcher(app.body());
    if (!m.find()) {
      throw new IllegalStateException("no CSRF token on /app: " + app.body());
    }
    csrf = m.group(1);
    return this;
  }

  public String csrf() {
    return csrf;
  }

  public String cookie() {
    return cookie;
  }

  /** Another cookie the server set, e.g. {@code goldpan_new_key}; null when none. */
  public String otherCookie(String name) {
    return others.get(name);
  }

  public void cookie(String value) {
    cookie = value;
  }

  public HttpResponse<String> get(String path) {
    return send(builder(path).GET());
  }

  public HttpResponse<String> getJson(String path) {
    return send(builder(path).header("Accept", "application/json").GET());
  }

  /** POSTs a form; {@code withCsrf} adds the {@code _csrf} field. */
  public HttpResponse<String> post(String path, String form, boolean withCsrf) {
    String body = withCsrf ? form + (form.isEmpty() ? "" : "&") + form("_csrf", csrf) : form;
    return send(
        builder(path)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(BodyPublishers.ofString(body)));
  }

  public HttpResponse<String> post(String path, String form) {
    return post(path, form, true);
  }

  public HttpRequest.Builder builder(String path) {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(10));
    List<String> cookies = new ArrayList<>();
    if (cookie != null) {
      cookies.add("goldpan_session=" + cookie);
    }
    others.forEach((name, value) -> cookies.add(name + "=" + value));
    if (!cookies.isEmpty()) {
      builder.header("Cookie", String.join("; ", cookies));
    }
    return builder;
  }

  public HttpResponse<String> send(HttpRequest.Builder builder) {
    try {
      HttpResponse<String> response = CLIENT.send(builder.build(), BodyHandlers.ofString());
      for (String set : response.headers().allValues("Set-Cookie")) {
        Matcher m = COOKIE.matcher(set);
        if (m.find()) {
          cookie = m.group(1).isEmpty() ? null : m.group(1);
          continue;
        }
        Matcher other = OTHER_COOKIE.matcher(set);
        if (other.find()) {
          if (other.group(2).isEmpty() || set.contains("Max-Age=0")) {
            others.remove(other.group(1));
          } else {
            others.put(other.group(1), other.group(2));
          }
        }
      }
      return response;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public HttpResponse<byte[]> sendBytes(HttpRequest.Builder builder) {
    try {
      return CLIENT.send(builder.build(), BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** {@code a=1&b=2}, URL-encoded; arguments are name, value pairs. */
  public static String form(String... pairs) {
    List<String> parts = new ArrayList<>();
    for (int i = 0; i < pairs.length; i += 2) {
      parts.add(
          URLEncoder.encode(pairs[i], StandardCharsets.UTF_8)
              + "="
              + URLEncoder.encode(pairs[i + 1], StandardCharsets.UTF_8));
    }
    return String.join("&", parts);
  }
}
