package io.goldpan.local;

import io.goldpan.testing.ModuleArchitecture;

/** The embedded stack uses no internals of the functions or the runner, and forms no cycles. */
class ArchitectureTest extends ModuleArchitecture {
  ArchitectureTest() {
    super("io.goldpan.local");
  }
}
