package io.goldpan.runner;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MainTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    return Main.run(
        args,
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @Test
  void help_printsUsageWithEveryVariable_andExitsZero() {
    assertThat(run("--help")).isZero();

    assertThat(out.toString(StandardCharsets.UTF_8))
        .startsWith("Usage: goldpan-runner [run]")
        .contains(
            "GOLDPAN_JOBS_QUEUE",
            "GOLDPAN_EVENTS_QUEUE",
            "GOLDPAN_BUCKET",
            "GOLDPAN_EXECUTION_PROVIDER",
            "GOLDPAN_VISIBILITY_TIMEOUT",
            "GOLDPAN_HEARTBEAT_INTERVAL",
            "GOLDPAN_RUNNER_HEARTBEAT",
            "GOLDPAN_MODELS",
            "GOLDPAN_INFRA_RETRY_BUDGET");
  }

  @Test
  void badOption_saysWhy_andExitsTwo() {
    assertThat(run("--frobnicate", "x")).isEqualTo(2);

    assertThat(err.toString(StandardCharsets.UTF_8))
        .startsWith("goldpan-runner: unknown option --frobnicate;");
  }

  @Test
  void badConfiguration_saysWhichVariable_andExitsOne() {
    assertThat(run("run", "--GOLDPAN_EXECUTION_PROVIDER", "tpu")).isEqualTo(1);

    assertThat(err.toString(StandardCharsets.UTF_8))
        .isEqualTo(
            "goldpan-runner: GOLDPAN_EXECUTION_PROVIDER must be auto, cuda or cpu, not 'tpu'"
                + System.lineSeparator());
  }
}
