package io.goldpan.functions.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micronaut.context.ApplicationContext;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.util.Map;
import org.junit.jupiter.api.Test;

@MicronautTest(transactional = false)
class ApiKeysTest {
  private static final String GIVEN_KEY =
      "gp_abcdefgh2345_" + "S".repeat(20) + "-_" + "k".repeat(21);

  @Inject ApiKeys apiKeys;
  @Inject ApiKeyRepository repository;

  @Test
  void create_returnsAKeyOnce_andStoresOnlyTheSecretsHash() {
    String key = apiKeys.create("alice");

    assertThat(key).matches("gp_[a-z2-7]{12}_[A-Za-z0-9_-]{43}");
    String keyId = key.substring(3, 15);
    String secret = key.substring(16);
    ApiKey stored = repository.findById(keyId).orElseThrow();
    assertThat(stored.owner()).isEqualTo("alice");
    assertThat(stored.secretHash()).hasSize(64).doesNotContain(secret);
    assertThat(apiKeys.authenticate(key)).contains("alice");
  }

  @Test
  void ensure_isIdempotent() {
    apiKeys.ensure("bob", GIVEN_KEY);
    apiKeys.ensure("bob", GIVEN_KEY);

    assertThat(apiKeys.authenticate(GIVEN_KEY)).contains("bob");
  }

  @Test
  void ensure_whenIdIsTakenByAnotherSecret_refuses() {
    String key = apiKeys.create("carol");
    String otherSecret = key.substring(0, 16) + "Z".repeat(43);

    assertThatThrownBy(() -> apiKeys.ensure("carol", otherSecret))
        .isInstanceOf(InvalidApiKeyException.class)
        .hasMessageContaining("already registered");
    assertThat(apiKeys.authenticate(otherSecret)).isEmpty();
  }

  @Test
  void ensure_whenKeyIsMalformed_saysWhatAKeyLooksLike_withoutEchoingIt() {
    assertThatThrownBy(() -> apiKeys.ensure("dave", "hunter2"))
        .isInstanceOf(InvalidApiKeyException.class)
        .hasMessageContaining("gp_<12 lower-case letters or digits>")
        .hasMessageNotContaining("hunter2");
  }

  @Test
  void startup_withBootstrapKey_registersIt() {
    try (ApplicationContext context =
        ApplicationContext.run(
            Map.of(
                "datasources.default.url", "jdbc:h2:mem:bootstrap-ok;DB_CLOSE_DELAY=-1",
                "goldpan.auth.bootstrap-key", GIVEN_KEY,
                "goldpan.auth.bootstrap-owner", "erin"),
            "test")) {
      assertThat(context.getBean(ApiKeys.class).authenticate(GIVEN_KEY)).contains("erin");
    }
  }

  @Test
  void startup_withMalformedBootstrapKey_failsNamingTheSetting() {
    assertThatThrownBy(
            () ->
                ApplicationContext.run(
                    Map.of(
                        "datasources.default.url", "jdbc:h2:mem:bootstrap-bad;DB_CLOSE_DELAY=-1",
                        "goldpan.auth.bootstrap-key", "not-a-key-secret123"),
                    "test"))
        .hasStackTraceContaining("goldpan.auth.bootstrap-key")
        .hasStackTraceContaining("GOLDPAN_API_KEY")
        .satisfies(e -> assertThat(stackTrace(e)).doesNotContain("not-a-key-secret123"));
  }

  private static String stackTrace(Throwable e) {
    var out = new java.io.StringWriter();
    e.printStackTrace(new java.io.PrintWriter(out));
    return out.toString();
  }
}
