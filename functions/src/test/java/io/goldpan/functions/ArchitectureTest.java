package io.goldpan.functions;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import io.goldpan.testing.ArchitectureRules;
import io.goldpan.testing.ModuleArchitecture;
import io.micronaut.data.repository.GenericRepository;
import io.micronaut.http.annotation.Controller;
import org.junit.jupiter.api.Test;

class ArchitectureTest extends ModuleArchitecture {
  private static final String BASE = "io.goldpan.functions";

  ArchitectureTest() {
    super(BASE);
  }

  @Test
  void functionsNeverUseTheRunnerOrTheEmbeddedStack() {
    ArchitectureRules.noDependency(BASE, "io.goldpan.runner").check(main());
    ArchitectureRules.noDependency(BASE, "io.goldpan.local").check(main());
  }

  @Test
  void controllersUseOnlyTheirOwnFeaturesRepositories() {
    classes()
        .that()
        .areAnnotatedWith(Controller.class)
        .should(
            new ArchCondition<JavaClass>("use no repository of another feature") {
              @Override
              public void check(JavaClass controller, ConditionEvents events) {
                String feature = feature(controller);
                for (Dependency dependency : controller.getDirectDependenciesFromSelf()) {
                  JavaClass target = dependency.getTargetClass();
                  if (target.isAssignableTo(GenericRepository.class)
                      && !feature.equals(feature(target))) {
                    events.add(
                        SimpleConditionEvent.violated(dependency, dependency.getDescription()));
                  }
                }
              }
            })
        .check(main());
  }

  /**
   * The feature package a class belongs to: {@code jobs} for {@code io.goldpan.functions.jobs.x}.
   */
  private static String feature(JavaClass type) {
    String rest =
        type.getPackageName()
            .substring(Math.min(type.getPackageName().length(), BASE.length() + 1));
    int dot = rest.indexOf('.');
    return dot < 0 ? rest : rest.substring(0, dot);
  }
}
