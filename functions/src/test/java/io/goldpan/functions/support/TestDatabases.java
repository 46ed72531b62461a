package io.goldpan.functions.support;

import io.goldpan.testing.Prerequisites;
import io.micronaut.context.ApplicationContext;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/**
 * Application contexts on the two databases the store tests run against: an in-memory H2, and a
 * real PostgreSQL at {@code GOLDPAN_TEST_POSTGRES_URL} (user and password from {@code
 * GOLDPAN_TEST_POSTGRES_USER} / {@code _PASSWORD}). A PostgreSQL that is not reachable skips the
 * calling test class, unless {@code GOLDPAN_REQUIRE_POSTGRES=true}, where it is a failure.
 */
public final class TestDatabases {
  private TestDatabases() {}

  /** A context on a fresh in-memory H2 database called {@code name}. */
  public static ApplicationContext h2(String name) {
    return h2(name, Map.of());
  }

  /** {@link #h2(String)} with more properties. */
  public static ApplicationContext h2(String name, Map<String, Object> properties) {
    Map<String, Object> all = new HashMap<>(properties);
    all.put("datasources.default.url", "jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1");
    return ApplicationContext.run(all, "test");
  }

  /** A context on the test PostgreSQL, or an aborted (skipped) test when there is none. */
  public static ApplicationContext postgresOrSkip() {
    return postgresOrSkip(Map.of());
  }

  /** {@link #postgresOrSkip()} with more properties. */
  public static ApplicationContext postgresOrSkip(Map<String, Object> properties) {
    String url = env("GOLDPAN_TEST_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/goldpan_test");
    String user = env("GOLDPAN_TEST_POSTGRES_USER", "goldpan");
    String password = env("GOLDPAN_TEST_POSTGRES_PASSWORD", "goldpan");
    try (Connection ignored = DriverManager.getConnection(url, user, password)) {
      // reachable
    } catch (SQLException e) {
      Prerequisites.require(
          false,
          "GOLDPAN_REQUIRE_POSTGRES",
          "PostgreSQL at " + url + " is not reachable: " + e.getMessage());
    }
    Map<String, Object> all = new HashMap<>(properties);
    all.putAll(
        Map.of(
            "datasources.default.url", url,
            "datasources.default.username", user,
            "datasources.default.password", password,
            "datasources.default.dialect", "POSTGRES"));
    return ApplicationContext.run(all, "test");
  }

  /** Closes a context a {@code @BeforeAll} may not have got to create. */
  public static void close(ApplicationContext context) {
    if (context != null) {
      context.close();
    }
  }

  private static String env(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value;
  }
}
