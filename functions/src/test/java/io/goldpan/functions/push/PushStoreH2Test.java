package io.goldpan.functions.push;

import io.goldpan.functions.support.TestDatabases;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** {@link PushStoreTests} on the embedded H2 database. */
class PushStoreH2Test extends PushStoreTests {
  private static ApplicationContext context;

  @BeforeAll
  static void start() {
    context = TestDatabases.h2("push-store", PROPERTIES);
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
