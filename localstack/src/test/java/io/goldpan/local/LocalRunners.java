package io.goldpan.local;

import io.goldpan.runner.Runner;
import io.goldpan.runner.config.EnvFile;
import io.goldpan.runner.config.RunnerConfig;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** Starts runners in this JVM from the same {@code runner.env} a separate process would read. */
final class LocalRunners {
  private LocalRunners() {}

  static Map<String, String> readEnvFile(Path file) {
    return EnvFile.read(file);
  }

  static Runner fromEnvFile(Path file, String runnerId) {
    Map<String, String> vars = new HashMap<>(EnvFile.read(file));
    vars.put(RunnerConfig.RUNNER_ID, runnerId);
    // A stop waits for the open long poll: a short one keeps a test's close quick.
    vars.putIfAbsent(RunnerConfig.POLL_WAIT, "2");
    Runner runner = Runner.create(RunnerConfig.from(vars));
    runner.start();
    return runner;
  }
}
