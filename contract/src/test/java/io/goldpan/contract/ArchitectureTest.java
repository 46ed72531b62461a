package io.goldpan.contract;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import io.goldpan.testing.ArchitectureRules;
import org.junit.jupiter.api.Test;

class ArchitectureTest {
  @Test
  void contractDependsOnNoOtherGoldpanModule() {
    noClasses()
        .that()
        .resideInAPackage("io.goldpan.contract..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.goldpan.functions..",
            "io.goldpan.runner..",
            "io.goldpan.local..",
            "io.goldpan.infra..")
        .check(ArchitectureRules.mainClasses("io.goldpan"));
  }
}
