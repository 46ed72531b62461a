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
