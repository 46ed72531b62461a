package io.goldpan.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnxruntime.OrtEnvironment;
import io.goldpan.contract.Contract;
import io.goldpan.contract.EventType;
import io.goldpan.contract.ImageResult;
import io.goldpan.contract.ImageScores;
import io.goldpan.contract.JobMessage;
import io.goldpan.contract.JobParameters;
import io.goldpan.contract.RunnerEvent;
import io.goldpan.runner.config.ConfigException;
import io.goldpan.runner.config.RunnerConfig;
import io.goldpan.runner.models.ExecutionProvider;
import io.goldpan.runner.models.demo.DemoModel;
import io.goldpan.runner.scoring.ImageScorer;
import io.goldpan.runner.scoring.ScorerSetting;
import io.goldpan.testing.Await;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A runner with a scorer scores each image it paints and reports the scores and their time. */
class ScoredJobTest {
  static final Path TINY_CLIP = Path.of("src/test/resources/scorer/tiny-clip").toAbsolutePath();
  private static final String JOB_ID = "0b9e6f7e-4a51-4c1e-9d3a-2f7f5a1c9e10";

  private final Fakes.Journal journal = new Fakes.Journal();
  private final Fakes.Queue queue = new Fakes.Queue(journal);
  private final Fakes.Events events = new Fakes.Events(journal);
  private final Fakes.Bucket bucket = new Fakes.Bucket();
  private final DemoModel demo =
      DemoModel.open(OrtEnvironment.getEnvironment(), ExecutionProvider.CPU);
  private Runner runner;

  @AfterEach
  void stop() {
    if (runner != null) {
      runner.close();
    }
    demo.close();
  }

  private static RunnerConfig config() {
    Map<String, String> vars = new HashMap<>();
    vars.put(RunnerConfig.RUNNER_ID, "test-runner");
    vars.put(RunnerConfig.POLL_WAIT, "0");
    vars.put(RunnerConfig.RUNNER_HEARTBEAT, "3600");
    vars.put(RunnerConfig.EXECUTION_PROVIDER, "cpu");
    return RunnerConfig.from(vars);
  }

  private static JobMessage job(int count) {
    Instant now = Instant.now();
    return new JobMessage(
        Contract.VERSION,
        JOB_ID,
        JobParameters.textToImage(
            "a photo of an astronaut riding a horse on mars",
            null,
            count,
            7,
            320,
            256,
            1,
            7.5,
            "demo",
            null),
        now,
        now.plusSeconds(3600));
  }

  private RunnerEvent paint(Path scorer) {
    String id = queue.offer(Contract.toJson(job(3)));
    runner =
        Runner.builder(config())
            .jobSource(queue)
            .eventSink(events)
            .imageStore(bucket)
            .models(List.of(demo))
            .executionProvider("CPU")
            .scorer(scorer)
            .build();
    runner.start();
    Await.until("the message is deleted", () -> queue.deleted.contains(id));
    List<RunnerEvent> done =
        events.jobEvents().stream().filter(e -> e.type() == EventType.SUCCEEDED).toList();
    assertThat(done).hasSize(1);
    return done.get(0);
  }

  @Test
  void withAScorer_eachImageCarriesTheScoresOfItsPicture_andTheTimingsTheScoringTime() {
    RunnerEvent succeeded = paint(TINY_CLIP);

    assertThat(succeeded.timings().scoringMs()).isNotNull().isNotNegative();
    try (ImageScorer reference =
        ImageScorer.open(TINY_CLIP, OrtEnvironment.getEnvironment(), ExecutionProvider.CPU)) {
      float[] prompt = reference.textEmbedding(job(1).parameters().prompt());
      for (ImageResult image : succeeded.images()) {
        // the painted picture, before its invisible mark (which moves the scores by ~0.1 %)
        BufferedImage painted = demo.paint(job(3), image.index(), (step, total) -> {});
        ImageScores expected = reference.score(painted, prompt);
        assertThat(image.scores()).as("image %d", image.index()).isEqualTo(expected);
      }
    }
    assertThat(succeeded.images())
        .extracting(i -> i.scores().aesthetic())
        .as("different pictures, different scores")
        .doesNotHaveDuplicates();
  }

  @Test
  void withoutAScorer_imagesAndTimingsCarryNoScores() {
    RunnerEvent succeeded = paint(null);

    assertThat(succeeded.images()).hasSize(3).allSatisfy(i -> assertThat(i.scores()).isNull());
    assertThat(succeeded.timings().scoringMs()).isNull();
    assertThat(Contract.toJson(succeeded)).doesNotContain("scores").doesNotContain("scoringMs");
  }

  @Test
  void scorerSetting_whenTheDirectoryIsMissing_namesTheVariableAndTheDocs(@TempDir Path dir) {
    Map<String, String> vars =
        Map.of(
            ScorerSetting.SCORER, dir.resolve("nope").toString(),
            RunnerConfig.MODELS_DIR, dir.toString());

    assertThatThrownBy(() -> ScorerSetting.from(vars))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("GOLDPAN_SCORER")
        .hasMessageContaining("docs/scores.md");
    assertThat(ScorerSetting.from(Map.of())).isEmpty();
    assertThat(ScorerSetting.from(Map.of(ScorerSetting.SCORER, TINY_CLIP.toString())))
        .contains(TINY_CLIP.normalize());
  }

  @Test
  void scorerSetting_aNameInTheModelsFolder_isThatFolder() {
    Map<String, String> vars =
        Map.of(
            ScorerSetting.SCORER,
            "tiny-clip",
            RunnerConfig.MODELS_DIR,
            TINY_CLIP.getParent().toString());

    assertThat(ScorerSetting.from(vars)).contains(TINY_CLIP);
  }

  @Test
  void builder_whenTheScorerCannotOpen_failsNamingTheVariable(@TempDir Path empty) {
    assertThatThrownBy(
            () ->
                Runner.builder(config())
                    .jobSource(queue)
                    .eventSink(events)
                    .imageStore(bucket)
                    .models(List.of(demo))
                    .scorer(empty)
                    .build())
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("GOLDPAN_SCORER: ");
  }
}
