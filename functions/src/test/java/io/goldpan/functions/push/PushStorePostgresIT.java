package io.goldpan.functions.push;

import io.goldpan.functions.support.TestDatabases;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** {@link PushStoreTests} on a real PostgreSQL; skipped when none is reachable. */
class PushStorePostgresIT extends PushStoreTests {
  private static ApplicationContext context;

  @BeforeAll
  static void start() {
    context = TestDatabases.postgresOrSkip(PROPERTIES);
  }

  @AfterAll
  static void stop() {
    TestDatabases.close(context);
  }

  @Override
  ApplicationContext context() {
    return context;
  }
}
