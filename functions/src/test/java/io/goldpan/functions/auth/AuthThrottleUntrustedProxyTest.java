package io.goldpan.functions.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.goldpan.functions.support.Http;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/** By default no proxy is trusted: a client cannot dodge the throttle with X-Forwarded-For. */
@MicronautTest(transactional = false)
class AuthThrottleUntrustedProxyTest {
  @Inject EmbeddedServer server;
  @Inject ApiKeys apiKeys;

  @Test
  void forwardedFor_isIgnored_theRemoteAddressIsThrottled() {
    Http anonymous = new Http(server.getURI(), null);
    String key = apiKeys.create("untrusted-proxy");
    for (int i = 0; i < 10; i++) {
      Http.Response response =
          anonymous.send(
              anonymous
                  .builder("/api/jobs")
                  .header("Authorization", "Bearer gp_wrong")
                  .header("X-Forwarded-For", "203.0.113." + i)
                  .GET());
      assertThat(response.status()).isEqualTo(401);
    }

    Http.Response refused =
        anonymous.send(
            anonymous
                .builder("/api/jobs")
                .header("Authorization", "Bearer " + key)
                .header("X-Forwarded-For", "198.51.100.7")
                .GET());

    assertThat(refused.status()).isEqualTo(429);
    assertThat(refused.json().get("message").asText())
        .isEqualTo("too many failed API key checks; retry after 300 seconds");
  }
}
