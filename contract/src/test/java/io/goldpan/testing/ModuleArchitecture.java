package io.goldpan.testing;

import com.tngtech.archunit.core.domain.JavaClasses;
import org.junit.jupiter.api.Test;

/**
 * The architecture rules every module's {@code ArchitectureTest} checks on its main classes; a
 * module adds its own rules as further tests.
 */
public abstract class ModuleArchitecture {
  private final String basePackage;
  private JavaClasses main;

  protected ModuleArchitecture(String basePackage) {
    this.basePackage = basePackage;
  }

  /** The module's main classes, imported once per test class. */
  protected JavaClasses main() {
    if (main == null) {
      main = ArchitectureRules.mainClasses(basePackage);
    }
    return main;
  }

  @Test
  void featuresKeepTheirInternalPackages() {
    ArchitectureRules.internalPackagesStayInTheirFeature().check(main());
  }

  @Test
  void featurePackagesFormNoCycles() {
    ArchitectureRules.noPackageCycles(basePackage).check(main());
  }
}
