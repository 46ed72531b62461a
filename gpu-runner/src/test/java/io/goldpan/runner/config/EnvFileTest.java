package io.goldpan.runner.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnvFileTest {
  @Test
  void parse_acceptsCommentsExportQuotesAndBlankLines() {
    var vars =
        EnvFile.parse(
            List.of(
                "# local stack",
                "",
                "GOLDPAN_BUCKET=pictures",
                "export GOLDPAN_AWS_REGION = eu-west-1",
                "GOLDPAN_JOBS_QUEUE='jobs # not a comment'",
                "GOLDPAN_RUNNER_ID=\"home \\\"pc\\\"\"  # trailing comment",
                "GOLDPAN_MODELS=demo # trailing comment",
                "GOLDPAN_EVENTS_QUEUE=http://localhost:9324/000000000000/events#frag",
                "EMPTY="),
            "test.env");

    assertThat(vars)
        .containsEntry("GOLDPAN_BUCKET", "pictures")
        .containsEntry("GOLDPAN_AWS_REGION", "eu-west-1")
        .containsEntry("GOLDPAN_JOBS_QUEUE", "jobs # not a comment")
        .containsEntry("GOLDPAN_RUNNER_ID", "home \"pc\"")
        .containsEntry("GOLDPAN_MODELS", "demo")
        .containsEntry("GOLDPAN_EVENTS_QUEUE", "http://localhost:9324/000000000000/events#frag")
        .containsEntry("EMPTY", "")
        .hasSize(7);
  }

  @Test
  void parse_whenALineIsBroken_namesTheFileAndLine_butNotItsContent() {
    assertThatThrownBy(() -> EnvFile.parse(List.of("# ok", "A=1", "SECRET hunter2"), "dev.env"))
        .isInstanceOf(ConfigException.class)
        .hasMessage("env file dev.env line 3: expected KEY=VALUE but found no '='");
    assertThatThrownBy(() -> EnvFile.parse(List.of("1BAD=x"), "dev.env"))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("env file dev.env line 1: the name before '='");
    assertThatThrownBy(() -> EnvFile.parse(List.of("A='open"), "dev.env"))
        .isInstanceOf(ConfigException.class)
        .hasMessage("env file dev.env line 1: the single-quoted value has no closing quote");
  }

  @Test
  void read_whenTheFileIsMissing_saysWhichFile(@TempDir Path dir) {
    Path missing = dir.resolve("nope.env");

    assertThatThrownBy(() -> EnvFile.read(missing))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("cannot read env file " + missing);
  }

  @Test
  void read_readsAFile(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("a.env"), "\uFEFFGOLDPAN_BUCKET=b\r\n");

    assertThat(EnvFile.read(file))
        .containsExactlyEntriesOf(java.util.Map.of("GOLDPAN_BUCKET", "b"));
  }
}
