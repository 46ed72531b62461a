package io.goldpan.functions.jobs;

import io.micronaut.context.ApplicationContext;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** {@link JobStoreTests} on the embedded H2 database. */
class JobStoreH2Test extends JobStoreTests {
  private static ApplicationContext context;

  @BeforeAll
  static void start() {
    context =
        ApplicationContext.run(
            Map.of("datasources.default.url", "jdbc:h2:mem:job-store;DB_CLOSE_DELAY=-1"), "test");
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
}
