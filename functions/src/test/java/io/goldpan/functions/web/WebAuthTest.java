package io.goldpan.functions.web;

import static io.goldpan.functions.support.Browser.form;
import static org.assertj.core.api.Assertions.assertThat;

import io.goldpan.functions.auth.ApiKeys;
import io.goldpan.functions.support.Browser;
import io.goldpan.testing.MutableClock;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@MicronautTest(transactional = false)
class WebAuthTest {
  @Inject EmbeddedServer server;
  @Inject ApiKeys apiKeys;
  @Inject MutableClock clock;

  String key;
  Browser browser;

  @BeforeEach
  void setUp() {
    key = apiKeys.create("web-" + UUID.randomUUID());
    browser = new Browser(server.getURI());
  }

  @Test
  void app_withoutSession_redirectsToSignIn_andJsonGets401() {
    HttpResponse<String> page = browser.get("/app");
    assertThat(page.statusCode()).isEqualTo(303);
    assertThat(page.headers().firstValue("Location")).hasValue("/login");
    assertThat(browser.getJson("/app/status").statusCode()).isEqualTo(401);
    assertThat(browser.get("/app/new").statusCode()).isEqualTo(303);
  }

  @Test
  void signInPage_healthAndStaticAssets_needNoSession() {
    assertThat(browser.get("/login").statusCode()).isEqualTo(200);
    assertThat(browser.get("/login").body()).contains("<label for=\"apiKey\">API key</label>");
    assertThat(browser.get("/health").statusCode()).isEqualTo(200);
    HttpResponse<String> css = browser.get("/static/app.css");
    assertThat(css.statusCode()).isEqualTo(200);
    assertThat(css.headers().firstValue("Content-Type").orElse("")).startsWith("text/css");
    assertThat(browser.get("/static/../application.yml").statusCode()).isEqualTo(404);
  }

  @Test
  void signIn_withBadKey_returns401_andSetsNoCookie() {
    HttpResponse<String> response = browser.post("/login", form("apiKey", "gp_nope_nope"), false);

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.body()).contains("That API key is not valid.");
    assertThat(response.headers().allValues("Set-Cookie")).isEmpty();
  }

  @Test
  void signIn_setsHttpOnlySameSiteCookie_thatOpensTheApp() {
    HttpResponse<String> response = browser.post("/login", form("apiKey", key), false);

    assertThat(response.statusCode()).isEqualTo(303);
    assertThat(response.headers().firstValue("Location")).hasValue("/app");
    String cookie = response.headers().firstValue("Set-Cookie").orElseThrow();
    assertThat(cookie)
        .contains("goldpan_session=")
        .containsIgnoringCase("HttpOnly")
        .containsIgnoringCase("SameSite=Lax")
        .doesNotContainIgnoringCase("Secure");
    HttpResponse<String> app = browser.get("/app");
    assertThat(app.statusCode()).isEqualTo(200);
    assertThat(app.headers().firstValue("Cache-Control")).hasValue("no-store");
    assertThat(app.headers().firstValue("Content-Security-Policy").orElse(""))
        .contains("script-src 'self'");
  }

  @Test
  void securityHeaders_areSentOnceEach_onAppPagesErrorPagesAndTheSignInPage() {
    browser.signIn(key);

    for (String path :
        List.of("/app", "/app/new", "/app/jobs/" + UUID.randomUUID(), "/app/status", "/login")) {
      HttpResponse<String> response = browser.get(path);
      for (String header :
          List.of("Content-Security-Policy", "X-Content-Type-Options", "Referrer-Policy")) {
        assertThat(response.headers().allValues(header)).as(path + " " + header).hasSize(1);
      }
      if (path.startsWith("/app")) {
        assertThat(response.headers().allValues("Cache-Control"))
            .as(path)
            .containsExactly("no-store");
      }
    }
  }

  @Test
  void signIn_overHttps_marksTheCookieSecure() {
    HttpResponse<String> response =
        browser.send(
            browser
                .builder("/login")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("X-Forwarded-Proto", "https")
                .POST(BodyPublishers.ofString(form("apiKey", key))));

    assertThat(response.headers().firstValue("Set-Cookie").orElseThrow())
        .containsIgnoringCase("Secure");
  }

  @Test
  void signIn_postedFromAnotherSite_isRefusedWith403_andSetsNoCookie() {
    String own = "http://localhost:" + server.getPort();
    List<String[]> crossSite =
        List.of(
            new String[] {"Sec-Fetch-Site", "cross-site"},
            new String[] {"Origin", "https://evil.example"},
            new String[] {"Origin", "null"},
            new String[] {"Origin", own + ".evil.example"},
            new String[] {"Sec-Fetch-Site", "cross-site"});

    for (String[] header : crossSite) {
      HttpResponse<String> response = login(header[0], header[1]);

      assertThat(response.statusCode()).as(header[1]).isEqualTo(403);
      assertThat(response.body())
          .as(header[1])
          .contains(
              "Sign-in refused: the form was sent from another site. Open this site's own"
                  + " sign-in page and try again.");
      assertThat(response.headers().allValues("Set-Cookie")).isEmpty();
    }
  }

  @Test
  void signIn_fromThisSite_withOriginOrFetchMetadata_works() {
    assertThat(login("Origin", "http://localhost:" + server.getPort()).statusCode()).isEqualTo(303);
    assertThat(login("Sec-Fetch-Site", "same-origin").statusCode()).isEqualTo(303);
    assertThat(login("Sec-Fetch-Site", "none").statusCode()).isEqualTo(303);
  }

  private HttpResponse<String> login(String header, String value) {
    return new Browser(server.getURI())
        .send(
            browser
                .builder("/login")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header(header, value)
                .POST(BodyPublishers.ofString(form("apiKey", key))));
  }

  @Test
  void forgedOrUnknownSession_redirectsToSignIn() {
    browser.cookie("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
    assertThat(browser.get("/app").statusCode()).isEqualTo(303);
    browser.cookie("not even shaped like one");
    assertThat(browser.get("/app").statusCode()).isEqualTo(303);
  }

  @Test
  void expiredSession_redirectsToSignIn() {
    browser.signIn(key);
    assertThat(browser.get("/app").statusCode()).isEqualTo(200);

    clock.advance(Duration.ofDays(8));

    assertThat(browser.get("/app").statusCode()).isEqualTo(303);
  }

  @Test
  void signOut_endsTheSessionOnTheServer() {
    browser.signIn(key);
    String cookie = browser.cookie();

    HttpResponse<String> out = browser.post("/app/logout", "");

    assertThat(out.statusCode()).isEqualTo(303);
    assertThat(out.headers().firstValue("Location")).hasValue("/login");
    browser.cookie(cookie);
    assertThat(browser.get("/app").statusCode()).isEqualTo(303);
  }

  @Test
  void apiStillWantsBearerKeys_notCookies() {
    browser.signIn(key);
    assertThat(browser.get("/api/jobs").statusCode()).isEqualTo(401);
  }
}
