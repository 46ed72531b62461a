package io.goldpan.local;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** The fault-injection scenarios against the in-JVM emulators (ElasticMQ, S3Proxy, H2). */
class EmbeddedFaultInjectionIT extends FaultInjectionScenarios {
  @TempDir static Path dataDir;
  static EmbeddedScenarioStack stack;

  @BeforeAll
  static void start() {
    stack = new EmbeddedScenarioStack(dataDir, FUNCTIONS_OVERRIDES);
  }

  @AfterAll
  static void stop() {
    if (stack != null) {
      stack.close();
    }
  }

  @Override
  ScenarioStack stack() {
    return stack;
  }
}
