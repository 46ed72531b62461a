package io.goldpan.runner;

import com.tngtech.archunit.core.domain.JavaClasses;
import io.goldpan.testing.ArchitectureRules;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ArchitectureTest {
  private static final String BASE = "io.goldpan.runner";
  private static JavaClasses main;

  @BeforeAll
  static void importClasses() {
    main = ArchitectureRules.mainClasses(BASE);
  }

  @Test
  void featuresKeepTheirInternalPackages() {
    ArchitectureRules.internalPackagesStayInTheirFeature().check(main);
  }

  @Test
  void packagesFormNoCycles() {
    ArchitectureRules.noPackageCycles(BASE).check(main);
  }

  @Test
  void runnerNeverDependsOnTheFunctions() {
    ArchitectureRules.noDependency(BASE, "io.goldpan.functions").check(main);
    ArchitectureRules.noDependency(BASE, "io.goldpan.local").check(main);
  }
}
