package io.goldpan.runner;

import io.goldpan.runner.config.CommandLine;
import io.goldpan.runner.config.RunnerConfig;
import io.goldpan.runner.generate.GenerateCommand;
import io.goldpan.runner.generate.GenerateOptions;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The {@code goldpan-runner} command. */
public final class Main {
  private static final String USAGE =
      """
      Usage: goldpan-runner [run] [--env-file FILE]... [--VARIABLE value]...
             goldpan-runner generate --model demo|DIR --prompt TEXT --out DIR [...]
             goldpan-runner --help

      Commands:
        run       poll the jobs queue and paint jobs until SIGTERM or Ctrl-C (the default)
        generate  paint offline into a folder of PNGs (goldpan-runner generate --help)

      Variables come from the environment, then each --env-file (KEY=VALUE lines), then flags
      such as --GOLDPAN_BUCKET my-bucket (or --GOLDPAN_BUCKET=my-bucket).

        GOLDPAN_AWS_REGION            region (default: AWS_REGION, else us-east-1)
        GOLDPAN_AWS_ENDPOINT          endpoint for SQS and S3, e.g. http://localhost:4566
        GOLDPAN_SQS_ENDPOINT          SQS endpoint (overrides GOLDPAN_AWS_ENDPOINT)
        GOLDPAN_S3_ENDPOINT           S3 endpoint (overrides GOLDPAN_AWS_ENDPOINT)
        AWS_ACCESS_KEY_ID,
        AWS_SECRET_ACCESS_KEY         static credentials (both, or neither for the SDK default chain)
        GOLDPAN_JOBS_QUEUE            jobs queue URL or name (default goldpan-jobs)
        GOLDPAN_EVENTS_QUEUE          events queue URL or name (default goldpan-events)
        GOLDPAN_BUCKET                image bucket (default goldpan)
        GOLDPAN_RUNNER_ID             name in events (default host-pid)
        GOLDPAN_EXECUTION_PROVIDER    auto (default: CUDA if usable, else CPU) | cuda | cpu
        GOLDPAN_MODELS                comma-separated models to serve: a built-in name (demo) or
                                      name=DIR for a Stable Diffusion ONNX directory (default demo)
        GOLDPAN_MODELS_DIR            every subdirectory with a model_index.json becomes a model
        GOLDPAN_VISIBILITY_TIMEOUT    seconds a job is hidden per receive/heartbeat (default 60)
        GOLDPAN_HEARTBEAT_INTERVAL    seconds between visibility extensions (default timeout/3)
        GOLDPAN_RUNNER_HEARTBEAT      seconds between runner-alive events (default 30)
        GOLDPAN_POLL_WAIT             long-poll seconds, 0 to 20 (default 20)
        GOLDPAN_SHUTDOWN_GRACE        seconds a stop waits for the current image (default 10); a stop
                                      also waits for an open long poll (up to GOLDPAN_POLL_WAIT)
        GOLDPAN_PROGRESS_INTERVAL     seconds between progress re-sends of a long image (default 300)
        GOLDPAN_INFRA_RETRY_BUDGET    seconds a job retries S3 or SQS while they fail, keeping its
                                      message, before it fails naming the outage (default 600)
        GOLDPAN_LOG_LEVEL             level of the runner's own logs (default INFO)
        GOLDPAN_RUNNER_JAVA_OPTS      JVM options for the launcher script
      """;

  private Main() {}

  public static void main(String[] args) {
    if (System.getProperty("logback.configurationFile") == null) {
      System.setProperty("logback.configurationFile", "goldpan-runner-logback.xml");
    }
    System.exit(run(args, System.out, System.err, System.console() != null));
  }

  /** Runs the command; returns the process exit status. */
  static int run(String[] args, PrintStream out, PrintStream err) {
    return run(args, out, err, false);
  }

  /**
   * As {@link #run(String[], PrintStream, PrintStream)}; {@code terminal}: stderr is a terminal.
   */
  static int run(String[] args, PrintStream out, PrintStream err, boolean terminal) {
    if (args.length > 0 && args[0].equals("generate")) {
      return generate(Arrays.asList(args).subList(1, args.length), out, err, terminal);
    }
    CommandLine commandLine;
    try {
      commandLine = CommandLine.parse(Arrays.asList(args), System.getenv());
    } catch (RunnerException e) {
      err.println("goldpan-runner: " + e.getMessage());
      return 2;
    }
    if (commandLine.help()) {
      out.print(USAGE);
      return 0;
    }
    return switch (commandLine.command()) {
      case "run" -> runWorker(commandLine, err);
      default -> {
        err.println("goldpan-runner: unknown command " + commandLine.command());
        yield 2;
      }
    };
  }

  private static int generate(
      List<String> args, PrintStream out, PrintStream err, boolean terminal) {
    if (args.contains("--help") || args.contains("-h")) {
      out.print(GenerateOptions.USAGE);
      return 0;
    }
    GenerateOptions options;
    try {
      options = GenerateOptions.parse(args);
    } catch (RunnerException e) {
      err.println("goldpan-runner generate: " + e.getMessage());
      return 2;
    }
    try {
      GenerateCommand.run(options, out, err, terminal);
      return 0;
    } catch (RunnerException e) {
      err.println("goldpan-runner generate: " + e.getMessage());
      return 1;
    }
  }

  private static int runWorker(CommandLine commandLine, PrintStream err) {
    Logger log = LoggerFactory.getLogger(Main.class);
    AtomicReference<Runner> running = new AtomicReference<>();
    // SIGTERM and Ctrl-C run this hook (registered first, so a signal during start-up is handled
    // too): it stops the runner, releasing an unfinished job and whatever its open long poll
    // returns, and halts with 0 so that a service manager sees a clean exit rather than 143.
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
    Runner runner;
    try {
      runner = Runner.create(RunnerConfig.from(commandLine.vars()));
    } catch (RunnerException e) {
      err.println("goldpan-runner: " + e.getMessage());
      return 1;
    }
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
