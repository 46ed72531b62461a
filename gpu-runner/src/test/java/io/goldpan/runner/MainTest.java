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
            "--bucket",
            "--env-file",
            "generate",
            "models");
  }

  @Test
  void badConfiguration_throughTheNamedOption_saysWhichVariable() {
    assertThat(run("--provider", "tpu")).isEqualTo(1);

    assertThat(err.toString(StandardCharsets.UTF_8))
        .isEqualTo(
            "goldpan-runner: GOLDPAN_EXECUTION_PROVIDER must be auto, cuda or cpu, not 'tpu'"
                + System.lineSeparator());
  }

  @Test
  void badEnvFile_isAUsageError_namingTheFile() {
    assertThat(run("--env-file", "no/such/runner.env")).isEqualTo(2);

    assertThat(err.toString(StandardCharsets.UTF_8))
        .startsWith("goldpan-runner: cannot read env file no/such/runner.env");
  }

  @Test
  void help_ofEverySubcommand_isGenerated() {
    for (String[] args :
        new String[][] {
          {"run", "--help"},
          {"generate", "--help"},
          {"models", "--help"},
          {"models", "pull", "--help"},
          {"models", "list", "--help"},
          {"models", "rm", "--help"},
          {"doctor", "--help"},
          {"cuda", "--help"},
          {"help", "models"},
        }) {
      out.reset();
      assertThat(run(args)).as(String.join(" ", args)).isZero();
      String name =
          args[0].equals("help") ? args[1] : String.join(" ", args).replace(" --help", "");
      assertThat(out.toString(StandardCharsets.UTF_8))
          .as(String.join(" ", args))
          .startsWith("Usage: goldpan-runner " + name);
    }
    out.reset();
    run("models", "pull", "--help");
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("REPO[@REVISION]", "--name=NAME", "HF_ENDPOINT", "HF_TOKEN", "GOLDPAN_MODELS_DIR")
        .contains("sd-turbo", "tlwu/sd-turbo-onnxruntime@main", "sd15", "lcm-dreamshaper")
        .contains("sdxl-turbo", "tlwu/sdxl-turbo-onnxruntime@main  (1 step, guidance 0, 512x512)");
    out.reset();
    run("run", "--help");
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("--poll-wait", "GOLDPAN_POLL_WAIT");
  }

  @Test
  void models_withoutSubcommand_isAUsageError() {
    assertThat(run("models")).isEqualTo(2);

    assertThat(err.toString(StandardCharsets.UTF_8))
        .startsWith("goldpan-runner models: Missing required subcommand");
  }

  @Test
  void badOption_saysWhy_andExitsTwo() {
    assertThat(run("--frobnicate", "x")).isEqualTo(2);

    assertThat(err.toString(StandardCharsets.UTF_8))
        .startsWith("goldpan-runner: Unknown options: '--frobnicate', 'x'")
        .contains("Run 'goldpan-runner --help' for usage.");
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
