package io.goldpan.functions.gallery;

import io.goldpan.functions.support.TestDatabases;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** {@link GalleryStoreTests} on the embedded H2 database. */
class GalleryStoreH2Test extends GalleryStoreTests {
  private static ApplicationContext context;

  @BeforeAll
  static void start() {
    context = TestDatabases.h2("gallery-store");
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
