package io.goldpan.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.goldpan.local.aws.LocalStackException;
import io.goldpan.testing.Prerequisites;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded stack on PostgreSQL, the production dialect: a job goes end to end. Runs where
 * {@code GOLDPAN_TEST_POSTGRES_URL} reaches a database (CI starts one); skips elsewhere unless
 * {@code GOLDPAN_REQUIRE_POSTGRES=true}.
 */
class PostgresStackIT {
  @TempDir Path dataDir;

  @Test
  void jobGoesEndToEnd_onPostgres() {
    String url = env("GOLDPAN_TEST_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/goldpan_test");
    String user = env("GOLDPAN_TEST_POSTGRES_USER", "goldpan");
    String password = env("GOLDPAN_TEST_POSTGRES_PASSWORD", "goldpan");
    assumeReachable(url, user, password);

    try (GoldpanLocal local =
        GoldpanLocal.start(
            options(true),
            Map.of(
                "GOLDPAN_DATABASE_URL", url,
                "GOLDPAN_DATABASE_USER", user,
                "GOLDPAN_DATABASE_PASSWORD", password),
            Map.of())) {
      Api api = new Api(local.apiUrl(), local.apiKey());
      String id =
          api.post(
                  "/api/jobs",
                  "{\"prompt\":\"a heron on postgres\",\"count\":1,\"width\":256,"
                      + "\"height\":256}")
              .json()
              .path("id")
              .asText();

      JsonNode job =
          api.awaitJson(
              "/api/jobs/" + id,
              j -> !j.path("status").asText().matches("QUEUED|RUNNING"),
              Duration.ofSeconds(60));
      assertThat(job.path("status").asText()).as(job.toString()).isEqualTo("SUCCEEDED");
      assertThat(Api.rawGet(job.path("images").get(0).path("url").asText()).statusCode())
          .isEqualTo(200);
    }
  }

  @Test
  void aDatabaseUrlThatIsNotPostgres_isRefusedNamingTheVariable() {
    assertThatThrownBy(
            () ->
                GoldpanLocal.start(
                    options(false), Map.of("GOLDPAN_DATABASE_URL", "jdbc:mysql://x/y"), Map.of()))
        .isInstanceOf(LocalStackException.class)
        .hasMessageContaining("GOLDPAN_DATABASE_URL must be a jdbc:postgresql: URL");
  }

  private LocalOptions options(boolean runner) {
    return TestStacks.onFreePorts(dataDir, runner);
  }

  private static void assumeReachable(String url, String user, String password) {
    try (var ignored = DriverManager.getConnection(url, user, password)) {
      // reachable
    } catch (Exception e) {
      Prerequisites.require(
          false, "GOLDPAN_REQUIRE_POSTGRES", "no PostgreSQL at " + url + ": " + e.getMessage());
    }
  }

  private static String env(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value;
  }
}
