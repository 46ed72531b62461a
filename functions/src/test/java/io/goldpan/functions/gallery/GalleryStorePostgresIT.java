package io.goldpan.functions.gallery;

import static org.assertj.core.api.Assertions.fail;

import io.micronaut.context.ApplicationContext;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;

/**
 * {@link GalleryStoreTests} on a real PostgreSQL: {@code GOLDPAN_TEST_POSTGRES_URL} (user and password
 * from {@code GOLDPAN_TEST_POSTGRES_USER} / {@code _PASSWORD}). Skipped when none is reachable,
 * unless {@code GOLDPAN_REQUIRE_POSTGRES=true}, where that is a failure.
 */
class GalleryStorePostgresIT extends GalleryStoreTests {
  private static ApplicationContext context;

  @BeforeAll
  static void start() {
    String url = env("GOLDPAN_TEST_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/goldpan_test");
    String user = env("GOLDPAN_TEST_POSTGRES_USER", "goldpan");
    String password = env("GOLDPAN_TEST_POSTGRES_PASSWORD", "goldpan");
    try (Connection ignored = DriverManager.getConnection(url, user, password)) {
      // reachable
    } catch (SQLException e) {
      String why = "PostgreSQL at " + url + " is not reachable: " + e.getMessage();
      if (Boolean.parseBoolean(System.getenv("GOLDPAN_REQUIRE_POSTGRES"))) {
        fail(why + " (GOLDPAN_REQUIRE_POSTGRES=true)");
      }
      Assumptions.abort(why + "; set GOLDPAN_REQUIRE_POSTGRES=true to make this a failure");
    }
    context =
        ApplicationContext.run(
            Map.of(
                "datasources.default.url", url,
                "datasources.default.username", user,
                "datasources.default.password", password,
                "datasources.default.dialect", "POSTGRES"),
            "test");
  }

  @AfterAll
  static void stop() {
    if (context != null) {
      context.close();
    }
  }

  @Override
  ApplicationContext context() {
    return context;
  }

  private static String env(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value;
  }
}
