package io.goldpan.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.goldpan.runner.config.CommandContext;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/** How {@code run}'s options, env files and the environment become the runner's variables. */
class RunOptionsTest {
  private static Map<String, String> vars(Map<String, String> environment, String... args) {
    PrintStream sink = new PrintStream(new ByteArrayOutputStream());
    CommandLine commandLine = Main.commandLine(new CommandContext(sink, sink, false, environment));
    ParseResult parsed = commandLine.parseArgs(args);
    Object command =
        parsed.hasSubcommand()
            ? parsed.subcommand().commandSpec().userObject()
            : parsed.commandSpec().userObject();
    RunOptions options =
        command instanceof RunCommand run ? run.options : ((GoldpanRunnerCommand) command).options;
    return options.vars(environment);
  }

  @Test
  void vars_overlayEnvironment_thenEnvFile_thenOptions(@TempDir Path dir) throws Exception {
    Path file =
        Files.writeString(
            dir.resolve("runner.env"), "GOLDPAN_BUCKET=from-file\nGOLDPAN_MODELS=demo\n");
    Map<String, String> environment =
        Map.of("GOLDPAN_BUCKET", "from-env", "GOLDPAN_RUNNER_ID", "env-id");

    Map<String, String> vars =
        vars(
            environment,
            "run",
            "--GOLDPAN_MODELS",
            "demo,sd",
            "--env-file",
            file.toString(),
            "--GOLDPAN_RUNNER_ID=flag-id");

    assertThat(vars)
        .containsEntry("GOLDPAN_BUCKET", "from-file")
        .containsEntry("GOLDPAN_MODELS", "demo,sd")
        .containsEntry("GOLDPAN_RUNNER_ID", "flag-id");
  }

  @Test
  void namedOptions_setTheirVariables_withoutTheRunCommandToo() {
    Map<String, String> vars =
        vars(
            Map.of("GOLDPAN_BUCKET", "from-env"),
            "--bucket",
            "flag-bucket",
            "--poll-wait=5",
            "--models-dir",
            "/models",
            "--AWS_ACCESS_KEY_ID",
            "AKID");

    assertThat(vars)
        .containsEntry("GOLDPAN_BUCKET", "flag-bucket")
        .containsEntry("GOLDPAN_POLL_WAIT", "5")
        .containsEntry("GOLDPAN_MODELS_DIR", "/models")
        .containsEntry("AWS_ACCESS_KEY_ID", "AKID");
  }

  @Test
  void parse_refusesUnknownOptionsAndMissingValues() {
    assertThatThrownBy(() -> vars(Map.of(), "--frobnicate", "x"))
        .isInstanceOf(CommandLine.UnmatchedArgumentException.class)
        .hasMessageStartingWith("Unknown options: '--frobnicate'");
    assertThatThrownBy(() -> vars(Map.of(), "--GOLDPAN_BUCKET"))
        .isInstanceOf(CommandLine.MissingParameterException.class)
        .hasMessageContaining("--GOLDPAN_BUCKET");
    assertThatThrownBy(() -> vars(Map.of(), "paint"))
        .isInstanceOf(CommandLine.UnmatchedArgumentException.class)
        .hasMessageContaining("'paint'");
  }
}
