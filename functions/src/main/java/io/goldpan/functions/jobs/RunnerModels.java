package io.goldpan.functions.jobs;

import io.goldpan.functions.runners.KnownRunner;
import io.goldpan.functions.runners.RunnerRepository;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;

/** The models runners said they serve in a recent heartbeat ({@code RUNNER_HEARTBEAT} events). */
@Singleton
public class RunnerModels {
  private final RunnerRepository runners;
  private final JobsConfig config;
  private final Clock clock;

  public RunnerModels(RunnerRepository runners, JobsConfig config, Clock clock) {
    this.runners = runners;
    this.config = config;
    this.clock = clock;
  }

  /**
   * Whether {@code model} is known not to start from a picture: runners seen recently serve it, and
   * every one of them that says which of its models can vary leaves it out. A model no runner
   * speaks of that way is given the benefit of the doubt (the runner then fails the job).
   */
  public boolean knownNotToVary(String model) {
    List<KnownRunner> serving =
        runners
            .findByLastSeenAtGreaterThanEquals(clock.instant().minus(config.runnerModelsWindow()))
            .stream()
            .filter(runner -> names(runner.models()).contains(model))
            .filter(runner -> runner.varyingModels() != null)
            .toList();
    return !serving.isEmpty()
        && serving.stream().noneMatch(runner -> names(runner.varyingModels()).contains(model));
  }

  /**
   * Whether {@code model} is known to have no tiny decoder ({@code decoder: fast}): as {@link
   * #knownNotToVary}, from the runners that say which of their models have one.
   */
  public boolean knownWithoutFastDecoder(String model) {
    List<KnownRunner> serving =
        runners
            .findByLastSeenAtGreaterThanEquals(clock.instant().minus(config.runnerModelsWindow()))
            .stream()
            .filter(runner -> names(runner.models()).contains(model))
            .filter(runner -> runner.fastModels() != null)
            .toList();
    return !serving.isEmpty()
        && serving.stream().noneMatch(runner -> names(runner.fastModels()).contains(model));
  }

  private static List<String> names(String commaSeparated) {
    if (commaSeparated == null || commaSeparated.isBlank()) {
      return List.of();
    }
    return Arrays.stream(commaSeparated.split(",")).map(String::strip).toList();
  }

  /** Model names from runners seen within {@link JobsConfig#runnerModelsWindow()}, sorted. */
  public List<String> recent() {
    return runners
        .findByLastSeenAtGreaterThanEquals(clock.instant().minus(config.runnerModelsWindow()))
        .stream()
        .map(KnownRunner::models)
        .filter(models -> models != null && !models.isBlank())
        .flatMap(models -> Arrays.stream(models.split(",")))
        .map(String::strip)
        .filter(name -> !name.isEmpty())
        .distinct()
        .sorted()
        .toList();
  }
}
