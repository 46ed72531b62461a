package io.goldpan.runner;

import io.goldpan.testing.ArchitectureRules;
import io.goldpan.testing.ModuleArchitecture;
import org.junit.jupiter.api.Test;

class ArchitectureTest extends ModuleArchitecture {
  ArchitectureTest() {
    super("io.goldpan.runner");
  }

  @Test
  void runnerNeverDependsOnTheFunctions() {
    ArchitectureRules.noDependency("io.goldpan.runner", "io.goldpan.functions").check(main());
    ArchitectureRules.noDependency("io.goldpan.runner", "io.goldpan.local").check(main());
  }
}
