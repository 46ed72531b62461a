package io.goldpan.functions.gallery;

import io.micronaut.context.ApplicationContext;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** {@link GalleryStoreTests} on the embedded H2 database. */
class GalleryStoreH2Test extends GalleryStoreTests {
  private static ApplicationContext context;

  @BeforeAll
  static void start() {
    context =
        ApplicationContext.run(
            Map.of("datasources.default.url", "jdbc:h2:mem:gallery-store;DB_CLOSE_DELAY=-1"), "test");
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
