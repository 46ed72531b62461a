package io.goldpan.functions.gallery;

import io.goldpan.functions.support.TestDatabases;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * {@link GalleryStoreTests} on a real PostgreSQL ({@link TestDatabases#postgresOrSkip()}): skipped
 * when none is reachable, unless {@code GOLDPAN_REQUIRE_POSTGRES=true}, where that is a failure.
 */
class GalleryStorePostgresIT extends GalleryStoreTests {
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
