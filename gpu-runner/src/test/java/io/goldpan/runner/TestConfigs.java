package io.goldpan.runner;

import io.goldpan.runner.config.RunnerConfig;
import java.time.Duration;

/** Runner configurations for tests: what no variable sets, such as millisecond backoffs. */
final class TestConfigs {
  private TestConfigs() {}

  /** {@code config} with other pauses after failed calls to SQS or S3. */
  static RunnerConfig withBackoff(RunnerConfig config, Duration min, Duration max) {
    return new RunnerConfig(
        config.region(),
        config.sqsEndpoint(),
        config.s3Endpoint(),
        config.credentials(),
        config.jobsQueue(),
        config.eventsQueue(),
        config.bucket(),
        config.runnerId(),
        config.executionProvider(),
        config.visibilityTimeout(),
        config.heartbeatInterval(),
        config.runnerHeartbeat(),
        config.models(),
        config.pollWait(),
        config.shutdownGrace(),
        min,
        max,
        config.progressInterval(),
        config.infraRetryBudget(),
        config.demoStepDelay(),
        config.previewInterval());
  }
}
