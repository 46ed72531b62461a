package io.goldpan.runner.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommandLineTest {
  @Test
  void parse_overlaysEnvironment_thenEnvFile_thenFlags(@TempDir Path dir) throws Exception {
    Path file =
        Files.writeString(
            dir.resolve("runner.env"), "GOLDPAN_BUCKET=from-file\nGOLDPAN_MODELS=demo\n");
    Map<String, String> environment =
        Map.of("GOLDPAN_BUCKET", "from-env", "GOLDPAN_RUNNER_ID", "env-id");

    CommandLine line =
        CommandLine.parse(
            List.of(
                "run",
                "--GOLDPAN_MODELS",
                "demo,sd",
                "--env-file",
                file.toString(),
                "--GOLDPAN_RUNNER_ID=flag-id"),
            environment);

    assertThat(line.command()).isEqualTo("run");
    assertThat(line.help()).isFalse();
    assertThat(line.vars())
        .containsEntry("GOLDPAN_BUCKET", "from-file")
        .containsEntry("GOLDPAN_MODELS", "demo,sd")
        .containsEntry("GOLDPAN_RUNNER_ID", "flag-id");
  }

  @Test
  void parse_withoutCommand_runs_andHelpIsRecognised() {
    assertThat(CommandLine.parse(List.of(), Map.of()).command()).isEqualTo("run");
    assertThat(CommandLine.parse(List.of("--help"), Map.of()).help()).isTrue();
    assertThat(CommandLine.parse(List.of("run", "-h"), Map.of()).help()).isTrue();
  }

  @Test
  void parse_refusesUnknownOptionsAndMissingValues() {
    assertThatThrownBy(() -> CommandLine.parse(List.of("--bucket", "x"), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("unknown option --bucket;");
    assertThatThrownBy(() -> CommandLine.parse(List.of("--GOLDPAN_BUCKET"), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessage("--GOLDPAN_BUCKET needs a value");
    assertThatThrownBy(() -> CommandLine.parse(List.of("paint"), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("unexpected argument 'paint'");
  }
}
