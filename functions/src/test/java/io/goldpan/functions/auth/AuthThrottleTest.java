package io.goldpan.functions.auth;

import static io.goldpan.functions.support.Browser.form;
import static org.assertj.core.api.Assertions.assertThat;

import io.goldpan.functions.support.Browser;
import io.goldpan.functions.support.Http;
import io.goldpan.functions.support.LogCapture;
import io.goldpan.testing.MutableClock;
import io.micronaut.context.annotation.Property;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Failed key checks are throttled per client address and per key id. The server trusts one proxy
 * here, so each test is its own client by its {@code X-Forwarded-For}.
 */
@MicronautTest(transactional = false)
@Property(name = "goldpan.auth.throttle.trusted-proxy-hops", value = "1")
class AuthThrottleTest {
  private static final AtomicInteger CLIENTS = new AtomicInteger();

  @Inject EmbeddedServer server;
  @Inject ApiKeys apiKeys;
  @Inject MutableClock clock;

  Http anonymous;
  String key;
  String client;

  @BeforeEach
  void setUp() {
    anonymous = new Http(server.getURI(), null);
    key = apiKeys.create("throttle-" + UUID.randomUUID());
    client = "10.0.0." + CLIENTS.incrementAndGet();
  }

  @Test
  void api_afterTenWrongKeysFromOneClient_returns429WithRetryAfter_untilTheBlockEnds() {
    for (int i = 0; i < 10; i++) {
      assertThat(api(client, wrongSecret(apiKeys.create("other"))).status()).isEqualTo(401);
    }

    Http.Response refused = api(client, key);

    assertThat(refused.status()).isEqualTo(429);
    assertThat(refused.header("Retry-After")).isEqualTo("300");
    assertThat(refused.json().get("error").asText()).isEqualTo("too_many_requests");
    assertThat(refused.json().get("message").asText())
        .isEqualTo("too many failed API key checks; retry after 300 seconds");
    assertThat(api("10.9.9.9", key).status()).isEqualTo(200);

    clock.advance(Duration.ofMinutes(4));
    assertThat(api(client, key).header("Retry-After")).isEqualTo("60");
    clock.advance(Duration.ofMinutes(1));
    assertThat(api(client, key).status()).isEqualTo(200);
  }

  @Test
  void api_failuresSpreadOverMoreThanTheWindow_areNotThrottled() {
    for (int i = 0; i < 9; i++) {
      assertThat(api(client, "gp_wrong").status()).isEqualTo(401);
    }
    clock.advance(Duration.ofMinutes(1));

    assertThat(api(client, "gp_wrong").status()).isEqualTo(401);
    assertThat(api(client, key).status()).isEqualTo(200);
  }

  @Test
  void api_wrongSecretsForOneKeyId_fromManyClients_blockThatKeyIdOnly() {
    String wrong = wrongSecret(key);
    for (int i = 0; i < 10; i++) {
      assertThat(api("10.1." + CLIENTS.get() + "." + i, wrong).status()).isEqualTo(401);
    }

    Http.Response refused = api(client, key);

    assertThat(refused.status()).isEqualTo(429);
    assertThat(refused.header("Retry-After")).isEqualTo("300");
    assertThat(api(client, apiKeys.create("another-" + UUID.randomUUID())).status()).isEqualTo(200);
  }

  @Test
  void login_afterTenWrongKeys_returns429Page_withRetryAfter() {
    Browser browser = new Browser(server.getURI());
    for (int i = 0; i < 10; i++) {
      assertThat(login(browser, client, wrongSecret(key)).statusCode()).isEqualTo(401);
    }

    HttpResponse<String> refused = login(browser, client, key);

    assertThat(refused.statusCode()).isEqualTo(429);
    assertThat(refused.headers().firstValue("Retry-After")).hasValue("300");
    assertThat(refused.body()).contains("Too many failed sign-ins. Try again in 5 minutes.");
    assertThat(refused.headers().allValues("Set-Cookie")).isEmpty();
    clock.advance(Duration.ofMinutes(5));
    assertThat(login(browser, client, key).statusCode()).isEqualTo(303);
  }

  @Test
  void everyRefusal_isOneAuditLine_withClientAndKeyId_neverTheSecret() {
    String keyId = key.substring(3, 15);
    String wrong = wrongSecret(key);
    String secret = wrong.substring(16);
    try (LogCapture log = LogCapture.of(ApiKeyGuard.class)) {
      for (int i = 0; i < 10; i++) {
        api(client, wrong);
      }
      api(client, key);
      login(new Browser(server.getURI()), client, key);

      assertThat(log.linesContaining("auth refused")).hasSize(12);
      assertThat(log.linesContaining("auth refused: reason=invalid-key route=api"))
          .hasSize(10)
          .allMatch(l -> l.contains("client=" + client + " keyId=" + keyId));
      assertThat(log.linesContaining("auth refused: reason=throttled"))
          .containsExactly(
              "WARN auth refused: reason=throttled route=api client="
                  + client
                  + " keyId="
                  + keyId
                  + " retryAfter=300s",
              "WARN auth refused: reason=throttled route=login client="
                  + client
                  + " keyId="
                  + keyId
                  + " retryAfter=300s");
      assertThat(log.lines()).noneMatch(l -> l.contains(secret) || l.contains(key.substring(16)));
    }
  }

  @Test
  void forwardedFor_usesTheHopTheTrustedProxyAdded_notWhatTheClientSent() {
    for (int i = 0; i < 10; i++) {
      assertThat(api("203.0.113." + i + ", " + client, "gp_wrong").status()).isEqualTo(401);
    }

    assertThat(api("198.51.100.1, " + client, key).status()).isEqualTo(429);
  }

  private Http.Response api(String forwardedFor, String bearer) {
    return anonymous.send(
        anonymous
            .builder("/api/jobs")
            .header("Authorization", "Bearer " + bearer)
            .header("X-Forwarded-For", forwardedFor)
            .GET());
  }

  private static HttpResponse<String> login(Browser browser, String forwardedFor, String apiKey) {
    return browser.send(
        browser
            .builder("/login")
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("X-Forwarded-For", forwardedFor)
            .POST(BodyPublishers.ofString(form("apiKey", apiKey))));
  }

  /** The same key id with another well-formed secret. */
  private static String wrongSecret(String key) {
    return key.substring(0, 16) + (key.charAt(16) == 'A' ? 'B' : 'A') + key.substring(17);
  }
}
