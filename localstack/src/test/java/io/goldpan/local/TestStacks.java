package io.goldpan.local;

import io.goldpan.local.aws.FreePorts;
import java.nio.file.Path;

/** How the tests and benches start goldpan-local. */
public final class TestStacks {
  private static final String HOST = "127.0.0.1";

  private TestStacks() {}

  /**
   * goldpan-local on the loopback address with the API and both emulators on free ports.
   *
   * @param runner whether a demo-model runner runs in the stack's JVM
   */
  public static LocalOptions onFreePorts(Path dataDir, boolean runner) {
    return new LocalOptions(
        HOST, FreePorts.pick(HOST), FreePorts.pick(HOST), FreePorts.pick(HOST), dataDir, runner);
  }
}
