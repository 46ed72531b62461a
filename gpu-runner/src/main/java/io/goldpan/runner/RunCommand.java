package io.goldpan.runner;

import io.goldpan.runner.config.CommandContext;
import io.goldpan.runner.config.RunnerConfig;
import io.goldpan.runner.scoring.ScorerSetting;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code goldpan-runner run}: polls the jobs queue and paints jobs until SIGTERM or Ctrl-C. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    versionProvider = GoldpanRunnerCommand.Version.class,
    description = "Poll the jobs queue and paint jobs until SIGTERM or Ctrl-C (the default).",
    footer = GoldpanRunnerCommand.VARIABLES_FOOTER)
final class RunCommand implements Callable<Integer> {
  private final CommandContext context;

  @Mixin RunOptions options;

  RunCommand(CommandContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    return run(options, context);
  }

  /**
   * Starts a runner configured by {@code options} and serves until the JVM is stopped.
   *
   * @throws RunnerException when the configuration is unusable or the runner cannot start
   */
  static int run(RunOptions options, CommandContext context) {
    Map<String, String> vars = options.vars(context.environment());
    String level = vars.get(RunOptions.LOG_LEVEL);
    if (level != null && !level.isBlank()) {
      // Read by goldpan-runner-logback.xml; set before the first logger, so env files count too.
      System.setProperty(RunOptions.LOG_LEVEL, level.strip());
    }
    RunnerConfig config = RunnerConfig.from(vars);
    Logger log = LoggerFactory.getLogger(RunCommand.class);
    AtomicReference<Runner> running = new AtomicReference<>();
    // SIGTERM and Ctrl-C run this hook (registered before the models open, so a signal during
    // start-up is handled too): it stops the runner, releasing an unfinished job and whatever its
    // open long poll returns, and halts with 0 so that a service manager sees a clean exit rather
    // than 143.
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  log.info("shutdown requested");
                  Runner runner = running.getAndSet(null);
                  if (runner != null) {
                    runner.close();
                  }
                  Runtime.getRuntime().halt(0);
                },
                "goldpan-shutdown"));
    Runner runner =
        Runner.builder(config)
            .gpu(RunnerConfig.gpu(vars))
            .scorer(ScorerSetting.from(vars).orElse(null))
            .build();
    running.set(runner);
    runner.start();
    try {
      new CountDownLatch(1).await(); // until the shutdown hook halts the JVM
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return 0;
  }
}
