package io.goldpan.testing;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;

/**
 * The architecture rules every module checks on its main classes: features keep their {@code
 * internal} packages to themselves, and packages form no cycles.
 */
public final class ArchitectureRules {
  private static final String INTERNAL = ".internal";
  private static final String GOLDPAN = "io.goldpan.";

  private ArchitectureRules() {}

  /** The main (not test) classes of the packages under {@code basePackage}. */
  public static JavaClasses mainClasses(String basePackage) {
    return new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
        .importPackages(basePackage);
  }

  /**
   * A class may use an {@code x.internal} package only from {@code x} itself or below it: {@code
   * gallery} may use {@code gallery.internal}, {@code web} may not.
   */
  public static ArchRule internalPackagesStayInTheirFeature() {
    return classes()
        .should(
            new ArchCondition<JavaClass>("use only the internal packages of their own feature") {
              @Override
              public void check(JavaClass origin, ConditionEvents events) {
                for (Dependency dependency : origin.getDirectDependenciesFromSelf()) {
                  String target = dependency.getTargetClass().getPackageName();
                  if (!target.startsWith(GOLDPAN)) {
                    continue; // the JDK's and libraries' own internals are their business
                  }
                  int internal = internalIndex(target);
                  if (internal < 0) {
                    continue;
                  }
                  String owner = target.substring(0, internal);
                  String from = origin.getPackageName();
                  if (!from.equals(owner) && !from.startsWith(owner + ".")) {
                    events.add(
                        SimpleConditionEvent.violated(dependency, dependency.getDescription()));
                  }
                }
              }
            })
        .allowEmptyShould(true);
  }

  /**
   * No two features (the packages right under {@code basePackage}, each with its sub-packages)
   * depend on each other, directly or in a ring. Inside a feature, its {@code internal} package may
   * use the feature's public types and the other way round.
   */
  public static ArchRule noPackageCycles(String basePackage) {
    return slices().matching(basePackage + ".(*)..").should().beFreeOfCycles();
  }

  /** No class under {@code basePackage} uses a class under {@code forbiddenPackage}. */
  public static ArchRule noDependency(String basePackage, String forbiddenPackage) {
    return noClasses()
        .that()
        .resideInAPackage(basePackage + "..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage(forbiddenPackage + "..")
        .allowEmptyShould(true);
  }

  private static int internalIndex(String packageName) {
    if (packageName.endsWith(INTERNAL)) {
      return packageName.length() - INTERNAL.length();
    }
    return packageName.indexOf(INTERNAL + ".");
  }
}
