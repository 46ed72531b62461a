package io.goldpan.local;

import com.tngtech.archunit.core.domain.JavaClasses;
import io.goldpan.testing.ArchitectureRules;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ArchitectureTest {
  private static final String BASE = "io.goldpan.local";
  private static JavaClasses main;

  @BeforeAll
  static void importClasses() {
    main = ArchitectureRules.mainClasses(BASE);
  }

  @Test
  void embeddedStackUsesNoInternalsOfTheFunctionsOrTheRunner() {
    ArchitectureRules.internalPackagesStayInTheirFeature().check(main);
  }

  @Test
  void packagesFormNoCycles() {
    ArchitectureRules.noPackageCycles(BASE).check(main);
  }
}
