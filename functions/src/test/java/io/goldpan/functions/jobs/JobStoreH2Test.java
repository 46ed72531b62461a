package io.goldpan.functions.jobs;

import io.goldpan.functions.support.TestDatabases;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** {@link JobStoreTests} on the embedded H2 database. */
class JobStoreH2Test extends JobStoreTests {
  private static ApplicationContext context;

  @BeforeAll
  static void start() {
    context = TestDatabases.h2("job-store");
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
