package io.goldpan.functions.jobs;

import io.goldpan.functions.support.TestDatabases;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * {@link JobStoreTests} on a real PostgreSQL ({@link TestDatabases#postgresOrSkip()}): skipped when
 * none is reachable, unless {@code GOLDPAN_REQUIRE_POSTGRES=true}, where that is a failure.
 */
class JobStorePostgresIT extends JobStoreTests {
  private static ApplicationContext context;

  @BeforeAll
  static void start() {
    context = TestDatabases.postgresOrSkip();
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
