package io.goldpan.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.goldpan.local.aws.FreePorts;
import io.goldpan.testing.Await;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * goldpan-local killed with SIGKILL right after it acknowledged a write keeps that write: the
 * embedded database commits to its file before the API answers. Runs the launcher's main class in a
 * process of its own, so the kill is real.
 */
class CrashDurabilityIT {
  private static final Pattern KEY = Pattern.compile("^\\s*API key\\s+(gp_\\S+)");
  private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

  @TempDir Path dataDir;
  Process process;

  /** What the stack printed, for the failure messages. */
  final StringBuffer output = new StringBuffer();

  @AfterEach
  void kill() {
    if (process != null) {
      process.destroyForcibly();
    }
  }

  @Test
  void jobsAcknowledgedAndCancelsAnswered_surviveAKillStraightAfter() throws Exception {
    List<String> submitted = new ArrayList<>();
    String cancelled;
    Started first = start();
    Api api = new Api(first.url(), first.key());
    for (int i = 0; i < 5; i++) {
      Api.Response r = api.post("/api/jobs", "{\"prompt\":\"kept through a crash " + i + "\"}");
      assertThat(r.status()).as(r.body()).isEqualTo(202);
      submitted.add(r.json().path("id").asText());
    }
    cancelled = submitted.get(0);
    assertThat(api.delete("/api/jobs/" + cancelled).status()).isEqualTo(200);
    process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);

    Started second = start();
    Api after = new Api(second.url(), second.key());
    for (String id : submitted) {
      Api.Response r = after.get("/api/jobs/" + id);
      assertThat(r.status()).as("job %s after the crash; output:%n%s", id, output).isEqualTo(200);
    }
    assertThat(after.get("/api/jobs/" + cancelled).json().path("status").asText())
        .isEqualTo("CANCELLED");
  }

  @Test
  void databaseFiles_areReadableByTheirOwnerOnly() throws Exception {
    start();
    Path db = dataDir.resolve("db");
    Await.until("the database file exists", () -> Files.exists(db) && hasFiles(db));

    try (Stream<Path> files = Files.walk(db)) {
      for (Path file : files.toList()) {
        Set<PosixFilePermission> mode = Files.getPosixFilePermissions(file);
        assertThat(mode)
            .as("%s", file)
            .doesNotContain(
                PosixFilePermission.GROUP_READ,
                PosixFilePermission.GROUP_WRITE,
                PosixFilePermission.OTHERS_READ,
                PosixFilePermission.OTHERS_WRITE);
      }
    }
  }

  private static boolean hasFiles(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.findAny().isPresent();
    }
  }

  private record Started(URI url, String key) {}

  /** Starts goldpan-local (no runner) in a new JVM and reads its URL and key from its banner. */
  private Started start() throws Exception {
    int port = FreePorts.pick("127.0.0.1");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    process =
        new ProcessBuilder(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                "io.goldpan.local.GoldpanLocal",
                "--port",
                Integer.toString(port),
                "--sqs-port",
                Integer.toString(FreePorts.pick("127.0.0.1")),
                "--s3-port",
                Integer.toString(FreePorts.pick("127.0.0.1")),
                "--data-dir",
                dataDir.toString(),
                "--no-runner")
            .redirectErrorStream(true)
            .start();
    CompletableFuture<String> key = new CompletableFuture<>();
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader out =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                  output.append(line).append('\n');
                  Matcher m = KEY.matcher(line);
                  if (m.find()) {
                    key.complete(m.group(1));
                  }
                }
              } catch (IOException e) {
                key.completeExceptionally(e);
              }
              key.completeExceptionally(new IllegalStateException("goldpan-local ended early"));
            },
            "goldpan-local-output");
    reader.setDaemon(true);
    reader.start();
    return new Started(
        URI.create("http://127.0.0.1:" + port),
        key.get(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS));
  }
}
