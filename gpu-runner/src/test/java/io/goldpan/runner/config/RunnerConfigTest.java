package io.goldpan.runner.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RunnerConfigTest {
  @Test
  void from_whenNothingIsSet_usesTheDefaults() {
    RunnerConfig config = RunnerConfig.from(Map.of());

    assertThat(config.region()).isEqualTo("us-east-1");
    assertThat(config.sqsEndpoint()).isNull();
    assertThat(config.s3Endpoint()).isNull();
    assertThat(config.credentials()).isNull();
    assertThat(config.jobsQueue()).isEqualTo("goldpan-jobs");
    assertThat(config.eventsQueue()).isEqualTo("goldpan-events");
    assertThat(config.bucket()).isEqualTo("goldpan");
    assertThat(config.runnerId()).isNotBlank().matches(".+-\\d+");
    assertThat(config.executionProvider()).isEqualTo(ExecutionProviderChoice.AUTO);
    assertThat(config.visibilityTimeout()).isEqualTo(Duration.ofSeconds(60));
    assertThat(config.heartbeatInterval()).isEqualTo(Duration.ofSeconds(20));
    assertThat(config.runnerHeartbeat()).isEqualTo(Duration.ofSeconds(30));
    assertThat(config.modelNames()).containsExactly("demo");
    assertThat(config.pollWait()).isEqualTo(Duration.ofSeconds(20));
    assertThat(config.shutdownGrace()).isEqualTo(Duration.ofSeconds(10));
    assertThat(config.infraRetryBudget()).isEqualTo(Duration.ofMinutes(10));
  }

  @Test
  void from_readsEveryVariable() {
    RunnerConfig config =
        RunnerConfig.from(
            Map.ofEntries(
                Map.entry("AWS_REGION", "eu-west-1"),
                Map.entry("GOLDPAN_AWS_ENDPOINT", "http://localhost:4566"),
                Map.entry("GOLDPAN_S3_ENDPOINT", "http://localhost:8080"),
                Map.entry("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE"),
                Map.entry("AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI"),
                Map.entry("GOLDPAN_JOBS_QUEUE", "http://localhost:4566/000000000000/jobs"),
                Map.entry("GOLDPAN_EVENTS_QUEUE", "events"),
                Map.entry("GOLDPAN_BUCKET", "pictures"),
                Map.entry("GOLDPAN_RUNNER_ID", "home-pc"),
                Map.entry("GOLDPAN_EXECUTION_PROVIDER", "CPU"),
                Map.entry("GOLDPAN_VISIBILITY_TIMEOUT", "90"),
                Map.entry("GOLDPAN_RUNNER_HEARTBEAT", "0.5"),
                Map.entry("GOLDPAN_INFRA_RETRY_BUDGET", "1800"),
                Map.entry("GOLDPAN_MODELS", " demo , sd-turbo ,,demo")));

    assertThat(config.region()).isEqualTo("eu-west-1");
    assertThat(config.sqsEndpoint()).isEqualTo(URI.create("http://localhost:4566"));
    assertThat(config.s3Endpoint()).isEqualTo(URI.create("http://localhost:8080"));
    assertThat(config.credentials().accessKeyId()).isEqualTo("AKIDEXAMPLE");
    assertThat(config.credentials().secretAccessKey()).isEqualTo("wJalrXUtnFEMI");
    assertThat(config.toString()).doesNotContain("wJalrXUtnFEMI");
    assertThat(config.jobsQueue()).isEqualTo("http://localhost:4566/000000000000/jobs");
    assertThat(config.eventsQueue()).isEqualTo("events");
    assertThat(config.bucket()).isEqualTo("pictures");
    assertThat(config.runnerId()).isEqualTo("home-pc");
    assertThat(config.executionProvider()).isEqualTo(ExecutionProviderChoice.CPU);
    assertThat(config.visibilityTimeout()).isEqualTo(Duration.ofSeconds(90));
    assertThat(config.heartbeatInterval()).isEqualTo(Duration.ofSeconds(30));
    assertThat(config.runnerHeartbeat()).isEqualTo(Duration.ofMillis(500));
    assertThat(config.modelNames()).containsExactly("demo", "sd-turbo");
    assertThat(config.infraRetryBudget()).isEqualTo(Duration.ofMinutes(30));
  }

  @Test
  void from_prefersGoldpanRegion_andBlankMeansUnset() {
    RunnerConfig config =
        RunnerConfig.from(
            Map.of(
                "GOLDPAN_AWS_REGION",
                "ap-south-1",
                "AWS_REGION",
                "eu-west-1",
                "GOLDPAN_BUCKET",
                "  "));

    assertThat(config.region()).isEqualTo("ap-south-1");
    assertThat(config.bucket()).isEqualTo("goldpan");
  }

  @Test
  void from_whenAValueIsUnusable_namesTheVariable() {
    assertThatThrownBy(() -> RunnerConfig.from(Map.of("GOLDPAN_EXECUTION_PROVIDER", "tpu")))
        .isInstanceOf(ConfigException.class)
        .hasMessage("GOLDPAN_EXECUTION_PROVIDER must be auto, cuda or cpu, not 'tpu'");
    assertThatThrownBy(() -> RunnerConfig.from(Map.of("GOLDPAN_VISIBILITY_TIMEOUT", "1.5")))
        .isInstanceOf(ConfigException.class)
        .hasMessage("GOLDPAN_VISIBILITY_TIMEOUT must be a whole number of seconds, not '1.5'");
    assertThatThrownBy(() -> RunnerConfig.from(Map.of("GOLDPAN_RUNNER_HEARTBEAT", "soon")))
        .isInstanceOf(ConfigException.class)
        .hasMessage("GOLDPAN_RUNNER_HEARTBEAT must be a positive number of seconds, not 'soon'");
    assertThatThrownBy(() -> RunnerConfig.from(Map.of("GOLDPAN_HEARTBEAT_INTERVAL", "60")))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith(
            "GOLDPAN_HEARTBEAT_INTERVAL (60 s) must be shorter than GOLDPAN_VISIBILITY_TIMEOUT (60"
                + " s)");
    assertThatThrownBy(() -> RunnerConfig.from(Map.of("GOLDPAN_SQS_ENDPOINT", "localhost:9324")))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("GOLDPAN_SQS_ENDPOINT must be an http(s) URL");
    assertThatThrownBy(() -> RunnerConfig.from(Map.of("GOLDPAN_MODELS", " , ")))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("GOLDPAN_MODELS must name at least one model");
    assertThatThrownBy(() -> RunnerConfig.from(Map.of("GOLDPAN_POLL_WAIT", "30")))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("GOLDPAN_POLL_WAIT must be from 0 to 20 seconds");
    assertThatThrownBy(() -> RunnerConfig.from(Map.of("GOLDPAN_INFRA_RETRY_BUDGET", "0")))
        .isInstanceOf(ConfigException.class)
        .hasMessage("GOLDPAN_INFRA_RETRY_BUDGET must be a positive number of seconds, not '0'");
    assertThatThrownBy(() -> RunnerConfig.from(Map.of("GOLDPAN_INFRA_RETRY_BUDGET", "86400")))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "GOLDPAN_INFRA_RETRY_BUDGET must be at most 43200 seconds (12 h, the longest SQS keeps"
                + " a job hidden), not 86400");
  }

  @Test
  void from_whenOnlyHalfTheCredentialsAreSet_saysWhichHalfIsMissing() {
    assertThatThrownBy(() -> RunnerConfig.from(Map.of("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE")))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not");
  }

  @Test
  void gpu_byDefault_hasNoMemoryLimit_andReleasesAfterFiveIdleMinutes() {
    RunnerConfig.Gpu gpu = RunnerConfig.gpu(Map.of());

    assertThat(gpu.memoryLimit()).isZero();
    assertThat(gpu.idleRelease()).isEqualTo(Duration.ofMinutes(5));
  }

  @Test
  void gpu_readsTheMemoryLimitInBinaryUnits_andTheIdleTime() {
    assertThat(RunnerConfig.gpu(Map.of("GOLDPAN_GPU_MEMORY_LIMIT", "6GB")).memoryLimit())
        .isEqualTo(6L << 30);
    assertThat(RunnerConfig.gpu(Map.of("GOLDPAN_GPU_MEMORY_LIMIT", "1.5GiB")).memoryLimit())
        .isEqualTo(3L << 29);
    assertThat(RunnerConfig.gpu(Map.of("GOLDPAN_GPU_MEMORY_LIMIT", "512m")).memoryLimit())
        .isEqualTo(512L << 20);
    assertThat(RunnerConfig.gpu(Map.of("GOLDPAN_GPU_IDLE_RELEASE", "0")).idleRelease()).isZero();
  }

  @Test
  void gpu_readsTheMaxBatch_zeroMeaningTheProvidersDefault() {
    assertThat(RunnerConfig.gpu(Map.of()).maxBatch()).isZero();
    assertThat(RunnerConfig.gpu(Map.of("GOLDPAN_MAX_BATCH", "3")).maxBatch()).isEqualTo(3);
  }

  @Test
  void gpu_readsTheGraphCacheFromTheVariables_notOnlyFromTheEnvironment() {
    assertThat(RunnerConfig.gpu(Map.of("GOLDPAN_GRAPH_CACHE", "/srv/graphs")).graphCache())
        .isEqualTo(Path.of("/srv/graphs"));
    assertThat(RunnerConfig.gpu(Map.of("GOLDPAN_GRAPH_CACHE", "off")).graphCache()).isNull();
  }

  @Test
  void gpu_refusesAMaxBatchOutsideOneToSixteen() {
    for (String value : new String[] {"0", "17", "two"}) {
      assertThatThrownBy(() -> RunnerConfig.gpu(Map.of("GOLDPAN_MAX_BATCH", value)))
          .isInstanceOf(ConfigException.class)
          .hasMessageStartingWith(
              "GOLDPAN_MAX_BATCH must be a whole number from 1 to 16 (images per UNet batch), not '"
                  + value
                  + "'");
    }
  }

  @Test
  void gpu_refusesAnUnreadableOrTinyLimit() {
    assertThatThrownBy(() -> RunnerConfig.gpu(Map.of("GOLDPAN_GPU_MEMORY_LIMIT", "six gigs")))
        .isInstanceOf(ConfigException.class)
        .hasMessage("GOLDPAN_GPU_MEMORY_LIMIT must be a size such as 6GB or 512MB, not 'six gigs'");
    assertThatThrownBy(() -> RunnerConfig.gpu(Map.of("GOLDPAN_GPU_MEMORY_LIMIT", "6")))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("GOLDPAN_GPU_MEMORY_LIMIT is 6; below 64 MB no model fits");
    assertThatThrownBy(() -> RunnerConfig.gpu(Map.of("GOLDPAN_GPU_IDLE_RELEASE", "-1")))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("GOLDPAN_GPU_IDLE_RELEASE must be a whole number of seconds");
  }

  @Test
  void previewInterval_isOneSecondByDefault_zeroTurnsPreviewsOff_andIsBounded() {
    assertThat(RunnerConfig.from(Map.of()).previewInterval()).isEqualTo(Duration.ofSeconds(1));
    assertThat(RunnerConfig.from(Map.of("GOLDPAN_PREVIEW_INTERVAL", "0")).previewInterval())
        .isZero();
    assertThat(RunnerConfig.from(Map.of("GOLDPAN_PREVIEW_INTERVAL", "0.3")).previewInterval())
        .isEqualTo(Duration.ofMillis(300));
    assertThatThrownBy(() -> RunnerConfig.from(Map.of("GOLDPAN_PREVIEW_INTERVAL", "often")))
        .isInstanceOf(ConfigException.class)
        .hasMessage("GOLDPAN_PREVIEW_INTERVAL must be a positive number of seconds, not 'often'");
    assertThatThrownBy(() -> RunnerConfig.from(Map.of("GOLDPAN_PREVIEW_INTERVAL", "61")))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "GOLDPAN_PREVIEW_INTERVAL must be at most 60 seconds (0 for no previews), not 61");
  }

  @Test
  void demoStepDelay_isOffByDefault_readsFractionsOfASecond_andIsBounded() {
    assertThat(RunnerConfig.from(Map.of()).demoStepDelay()).isZero();
    assertThat(RunnerConfig.from(Map.of("GOLDPAN_DEMO_STEP_DELAY", "0")).demoStepDelay()).isZero();
    assertThat(RunnerConfig.from(Map.of("GOLDPAN_DEMO_STEP_DELAY", "0.05")).demoStepDelay())
        .isEqualTo(Duration.ofMillis(50));
    assertThatThrownBy(() -> RunnerConfig.from(Map.of("GOLDPAN_DEMO_STEP_DELAY", "-1")))
        .isInstanceOf(ConfigException.class)
        .hasMessage("GOLDPAN_DEMO_STEP_DELAY must be a positive number of seconds, not '-1'");
    assertThatThrownBy(() -> RunnerConfig.from(Map.of("GOLDPAN_DEMO_STEP_DELAY", "60")))
        .isInstanceOf(ConfigException.class)
        .hasMessage("GOLDPAN_DEMO_STEP_DELAY must be at most 10 seconds per step, not 60");
  }
}
