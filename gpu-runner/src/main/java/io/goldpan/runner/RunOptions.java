package io.goldpan.runner;

import io.goldpan.runner.config.RunnerConfig;
import io.goldpan.runner.config.VariableOptions;
import io.goldpan.runner.scoring.ScorerSetting;
import java.util.Map;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The options of {@code goldpan-runner run}: one per configuration variable ({@code
 * descriptionKey}), read into a {@link RunnerConfig} by {@link #config(Map)}.
 */
final class RunOptions {
  @Mixin VariableOptions variables;

  @Option(
      names = "--region",
      paramLabel = "REGION",
      descriptionKey = RunnerConfig.AWS_REGION,
      description = "AWS region (default: AWS_REGION, else us-east-1). Env: GOLDPAN_AWS_REGION")
  void region(String value) {
    variables.set(RunnerConfig.AWS_REGION, value);
  }

  @Option(
      names = "--aws-endpoint",
      paramLabel = "URL",
      descriptionKey = RunnerConfig.AWS_ENDPOINT,
      description =
          "Endpoint for SQS and S3, e.g. http://localhost:4566. Env: GOLDPAN_AWS_ENDPOINT")
  void awsEndpoint(String value) {
    variables.set(RunnerConfig.AWS_ENDPOINT, value);
  }

  @Option(
      names = "--sqs-endpoint",
      paramLabel = "URL",
      descriptionKey = RunnerConfig.SQS_ENDPOINT,
      description = "SQS endpoint (overrides --aws-endpoint). Env: GOLDPAN_SQS_ENDPOINT")
  void sqsEndpoint(String value) {
    variables.set(RunnerConfig.SQS_ENDPOINT, value);
  }

  @Option(
      names = "--s3-endpoint",
      paramLabel = "URL",
      descriptionKey = RunnerConfig.S3_ENDPOINT,
      description = "S3 endpoint (overrides --aws-endpoint). Env: GOLDPAN_S3_ENDPOINT")
  void s3Endpoint(String value) {
    variables.set(RunnerConfig.S3_ENDPOINT, value);
  }

  @Option(
      names = "--jobs-queue",
      paramLabel = "QUEUE",
      descriptionKey = RunnerConfig.JOBS_QUEUE,
      description = "Jobs queue URL or name (default goldpan-jobs). Env: GOLDPAN_JOBS_QUEUE")
  void jobsQueue(String value) {
    variables.set(RunnerConfig.JOBS_QUEUE, value);
  }

  @Option(
      names = "--events-queue",
      paramLabel = "QUEUE",
      descriptionKey = RunnerConfig.EVENTS_QUEUE,
      description = "Events queue URL or name (default goldpan-events). Env: GOLDPAN_EVENTS_QUEUE")
  void eventsQueue(String value) {
    variables.set(RunnerConfig.EVENTS_QUEUE, value);
  }

  @Option(
      names = "--bucket",
      paramLabel = "BUCKET",
      descriptionKey = RunnerConfig.BUCKET,
      description = "Image bucket (default goldpan). Env: GOLDPAN_BUCKET")
  void bucket(String value) {
    variables.set(RunnerConfig.BUCKET, value);
  }

  @Option(
      names = "--runner-id",
      paramLabel = "ID",
      descriptionKey = RunnerConfig.RUNNER_ID,
      description =
          "How the runner names itself in events (default host-pid). Env: GOLDPAN_RUNNER_ID")
  void runnerId(String value) {
    variables.set(RunnerConfig.RUNNER_ID, value);
  }

  @Option(
      names = "--provider",
      paramLabel = "auto|cuda|cpu",
      descriptionKey = RunnerConfig.EXECUTION_PROVIDER,
      description =
          "ONNX Runtime execution provider (default auto: CUDA if usable, else CPU)."
              + " Env: GOLDPAN_EXECUTION_PROVIDER")
  void provider(String value) {
    variables.set(RunnerConfig.EXECUTION_PROVIDER, value);
  }

  @Option(
      names = "--models",
      paramLabel = "LIST",
      descriptionKey = RunnerConfig.MODELS,
      description =
          "Comma-separated models to serve: a built-in name (demo) or name=DIR for a Stable"
              + " Diffusion ONNX directory. Env: GOLDPAN_MODELS")
  void models(String value) {
    variables.set(RunnerConfig.MODELS, value);
  }

  @Option(
      names = "--models-dir",
      paramLabel = "DIR",
      descriptionKey = RunnerConfig.MODELS_DIR,
      description =
          "Serve every subdirectory holding a model_index.json. Without this and --models: demo"
              + " and every model pulled into the per-user models folder (see models pull)."
              + " Env: GOLDPAN_MODELS_DIR")
  void modelsDir(String value) {
    variables.set(RunnerConfig.MODELS_DIR, value);
  }

  @Option(
      names = "--scorer",
      paramLabel = "DIR",
      descriptionKey = ScorerSetting.SCORER,
      description =
          "Score every image (aesthetic score and prompt match) with the CLIP scorer in DIR, or"
              + " one of that name in the models folder; see docs/scores.md. Env: GOLDPAN_SCORER")
  void scorer(String value) {
    variables.set(ScorerSetting.SCORER, value);
  }

  @Option(
      names = "--visibility-timeout",
      paramLabel = "SECONDS",
      descriptionKey = RunnerConfig.VISIBILITY_TIMEOUT,
      description =
          "Seconds a job is hidden per receive or heartbeat (default 60)."
              + " Env: GOLDPAN_VISIBILITY_TIMEOUT")
  void visibilityTimeout(String value) {
    variables.set(RunnerConfig.VISIBILITY_TIMEOUT, value);
  }

  @Option(
      names = "--heartbeat-interval",
      paramLabel = "SECONDS",
      descriptionKey = RunnerConfig.HEARTBEAT_INTERVAL,
      description =
          "Seconds between visibility extensions (default timeout/3)."
              + " Env: GOLDPAN_HEARTBEAT_INTERVAL")
  void heartbeatInterval(String value) {
    variables.set(RunnerConfig.HEARTBEAT_INTERVAL, value);
  }

  @Option(
      names = "--runner-heartbeat",
      paramLabel = "SECONDS",
      descriptionKey = RunnerConfig.RUNNER_HEARTBEAT,
      description =
          "Seconds between runner-alive events (default 30). Env: GOLDPAN_RUNNER_HEARTBEAT")
  void runnerHeartbeat(String value) {
    variables.set(RunnerConfig.RUNNER_HEARTBEAT, value);
  }

  @Option(
      names = "--progress-interval",
      paramLabel = "SECONDS",
      descriptionKey = RunnerConfig.PROGRESS_INTERVAL,
      description =
          "Seconds between progress reports of a long image (default 300)."
              + " Env: GOLDPAN_PROGRESS_INTERVAL")
  void progressInterval(String value) {
    variables.set(RunnerConfig.PROGRESS_INTERVAL, value);
  }

  @Option(
      names = "--poll-wait",
      paramLabel = "SECONDS",
      descriptionKey = RunnerConfig.POLL_WAIT,
      description = "Long-poll seconds, 0 to 20 (default 20). Env: GOLDPAN_POLL_WAIT")
  void pollWait(String value) {
    variables.set(RunnerConfig.POLL_WAIT, value);
  }

  @Option(
      names = "--shutdown-grace",
      paramLabel = "SECONDS",
      descriptionKey = RunnerConfig.SHUTDOWN_GRACE,
      description =
          "Seconds a stop waits for the current image (default 10); a stop also waits for an open"
              + " long poll (up to the poll wait). Env: GOLDPAN_SHUTDOWN_GRACE")
  void shutdownGrace(String value) {
    variables.set(RunnerConfig.SHUTDOWN_GRACE, value);
  }

  @Option(
      names = "--infra-retry-budget",
      paramLabel = "SECONDS",
      descriptionKey = RunnerConfig.INFRA_RETRY_BUDGET,
      description =
          "Seconds a job retries S3 or SQS while they fail, keeping its message, before it fails"
              + " naming the outage (default 600). Env: GOLDPAN_INFRA_RETRY_BUDGET")
  void infraRetryBudget(String value) {
    variables.set(RunnerConfig.INFRA_RETRY_BUDGET, value);
  }

  @Option(
      names = "--log-level",
      paramLabel = "LEVEL",
      descriptionKey = RunOptions.LOG_LEVEL,
      description = "Level of the runner's own logs (default INFO). Env: GOLDPAN_LOG_LEVEL")
  void logLevel(String value) {
    variables.set(LOG_LEVEL, value);
  }

  // Secrets have no visible option (a command line is visible to every local user), only the
  // --VARIABLE form kept from earlier versions.
  @Option(names = "--AWS_ACCESS_KEY_ID", hidden = true)
  void accessKeyId(String value) {
    variables.set("AWS_ACCESS_KEY_ID", value);
  }

  @Option(names = "--AWS_SECRET_ACCESS_KEY", hidden = true)
  void secretAccessKey(String value) {
    variables.set("AWS_SECRET_ACCESS_KEY", value);
  }

  @Option(names = "--AWS_SESSION_TOKEN", hidden = true)
  void sessionToken(String value) {
    variables.set("AWS_SESSION_TOKEN", value);
  }

  @Option(names = "--AWS_REGION", hidden = true)
  void awsRegion(String value) {
    variables.set("AWS_REGION", value);
  }

  static final String LOG_LEVEL = "GOLDPAN_LOG_LEVEL";

  /** The merged variables (environment, env files, options). */
  Map<String, String> vars(Map<String, String> environment) {
    return variables.merge(environment);
  }
}
