package io.goldpan.runner;

import static io.goldpan.testing.Await.until;
import static org.assertj.core.api.Assertions.assertThat;

import io.goldpan.contract.Contract;
import io.goldpan.contract.EventType;
import io.goldpan.contract.JobMessage;
import io.goldpan.contract.JobParameters;
import io.goldpan.contract.RunnerEvent;
import io.goldpan.contract.StorageKeys;
import io.goldpan.runner.config.RunnerConfig;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The runner receives the next job while the current one stores its last image and reports, so the
 * GPU does not wait for the plumbing, without deleting a message before its job's end is reported.
 */
class RunnerLookaheadTest {
  private static final String FIRST = "0b9e6f7e-4a51-4c1e-9d3a-2f7f5a1c9e10";
  private static final String SECOND = "5d1c2a3b-0000-4c1e-9d3a-2f7f5a1c9e11";
  private static final Instant NOW = Instant.parse("2026-11-25T10:00:05Z");

  private final Fakes.Journal journal = new Fakes.Journal();
  private final Fakes.Queue queue = new Fakes.Queue(journal);
  private final Fakes.Events events = new Fakes.Events(journal);
  private final Fakes.Bucket bucket = new Fakes.Bucket();
  private final Fakes.FlatModel model = new Fakes.FlatModel();

  /** Lets the first job's image reach the bucket; counted down in every test's end. */
  private final CountDownLatch firstUpload = new CountDownLatch(1);

  private Runner runner;

  @AfterEach
  void stopRunner() {
    firstUpload.countDown();
    if (runner != null) {
      runner.close();
    }
  }

  private void start(Map<String, String> overrides, boolean lookahead) {
    start(overrides, lookahead, () -> {});
  }

  private void start(Map<String, String> overrides, boolean lookahead, AutoCloseable owned) {
    Map<String, String> vars =
        new HashMap<>(
            Map.of(
                RunnerConfig.RUNNER_ID, "test-runner",
                RunnerConfig.POLL_WAIT, "0",
                RunnerConfig.VISIBILITY_TIMEOUT, "30",
                RunnerConfig.HEARTBEAT_INTERVAL, "0.02",
                RunnerConfig.RUNNER_HEARTBEAT, "3600",
                RunnerConfig.SHUTDOWN_GRACE, "5"));
    vars.putAll(overrides);
    runner =
        Runner.builder(
                TestConfigs.withBackoff(
                    RunnerConfig.from(vars), Duration.ofMillis(5), Duration.ofMillis(20)))
            .jobSource(queue)
            .eventSink(events)
            .imageStore(bucket)
            .models(List.of(model))
            .executionProvider("CPU")
            .clock(Clock.fixed(NOW, ZoneOffset.UTC))
            .lookahead(lookahead)
            .owning(owned)
            .build();
    runner.start();
  }

  private static String job(String jobId) {
    return Contract.toJson(
        new JobMessage(
            Contract.VERSION,
            jobId,
            JobParameters.textToImage("a gnome", "blurry", 1, 42, 256, 256, 20, 7.5, "demo", null),
            NOW.minusSeconds(5),
            NOW.plusSeconds(3600)));
  }

  /** Holds the first job's image upload until {@link #firstUpload}. */
  private void holdFirstUpload() {
    bucket.beforePut =
        key -> {
          if (key.equals(StorageKeys.image(FIRST, 0))) {
            Fakes.awaitIgnoringInterrupts(firstUpload);
          }
        };
  }

  private List<EventType> eventsOf(String jobId) {
    return events.jobEvents().stream()
        .filter(e -> e.jobId().equals(jobId))
        .map(RunnerEvent::type)
        .toList();
  }

  @Test
  void nextJobsPainting_startsWhileThePreviousJobsUploadAndReportAreUnfinished() throws Exception {
    holdFirstUpload();
    CountDownLatch secondPainting = new CountDownLatch(1);
    model.hook =
        (job, index) -> {
          if (job.jobId().equals(SECOND)) {
            secondPainting.countDown();
          }
        };
    List<String> reportedWhenDeleted = new CopyOnWriteArrayList<>();
    queue.beforeDelete =
        message ->
            reportedWhenDeleted.add(
                message.messageId()
                    + (bucket.objects.containsKey(StorageKeys.image(FIRST, 0)) ? " stored" : "")
                    + " "
                    + eventsOf(FIRST));
    String first = queue.offer(job(FIRST));
    String second = queue.offer(job(SECOND));
    start(Map.of(), true);

    assertThat(secondPainting.await(10, TimeUnit.SECONDS))
        .as("the second job paints while the first one's image is still on its way")
        .isTrue();
    assertThat(eventsOf(FIRST)).doesNotContain(EventType.SUCCEEDED);
    assertThat(queue.deleted).isEmpty();

    firstUpload.countDown();
    until("both messages are deleted", () -> queue.deleted.containsAll(List.of(first, second)));

    assertThat(reportedWhenDeleted.get(queue.deleted.indexOf(first)))
        .isEqualTo(first + " stored [STARTED, SUCCEEDED]");
    assertThat(eventsOf(SECOND)).containsExactly(EventType.STARTED, EventType.SUCCEEDED);
    assertThat(model.painted).hasValue(2);
  }

  @Test
  void withoutLookahead_theNextJobWaitsForThePreviousOnesUpload() throws Exception {
    holdFirstUpload();
    CountDownLatch secondPainting = new CountDownLatch(1);
    model.hook =
        (job, index) -> {
          if (job.jobId().equals(SECOND)) {
            secondPainting.countDown();
          }
        };
    queue.offer(job(FIRST));
    queue.offer(job(SECOND));
    start(Map.of(), false);
    until("the first job's upload is under way", () -> model.painted.get() == 1);

    assertThat(secondPainting.await(300, TimeUnit.MILLISECONDS)).isFalse();

    firstUpload.countDown();
    assertThat(secondPainting.await(10, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void crashWhileThePreviousJobFinishes_deletesNothingUnreported_andHandsBothJobsBack()
      throws Exception {
    holdFirstUpload();
    CountDownLatch secondPainting = new CountDownLatch(1);
    CountDownLatch crash = new CountDownLatch(1);
    model.holdPainting(SECOND, secondPainting, crash);
    String first = queue.offer(job(FIRST));
    String second = queue.offer(job(SECOND));
    start(Map.of(RunnerConfig.SHUTDOWN_GRACE, "0.1"), true);
    assertThat(secondPainting.await(10, TimeUnit.SECONDS)).isTrue();

    // the runner dies with the first job's image on its way and the second one painting
    runner.stop();

    assertThat(queue.deleted).isEmpty();
    assertThat(queue.released).containsExactlyInAnyOrder(first, second);
    firstUpload.countDown();
    crash.countDown();
    until("the second painting returns", () -> model.painted.get() == 2);
    runner.close();
    assertThat(queue.deleted).isEmpty();
    assertThat(events.jobEventTypes()).doesNotContain(EventType.SUCCEEDED);
  }

  @Test
  void stopPastTheGrace_releasesTheJobWaitingAhead_asWellAsTheOnePainting() throws Exception {
    CountDownLatch firstPainting = new CountDownLatch(1);
    CountDownLatch proceed = new CountDownLatch(1);
    model.holdPainting(FIRST, firstPainting, proceed);
    String first = queue.offer(job(FIRST));
    String second = queue.offer(job(SECOND));
    start(Map.of(RunnerConfig.SHUTDOWN_GRACE, "0.1"), true);
    assertThat(firstPainting.await(10, TimeUnit.SECONDS)).isTrue();
    until("the second job waits ahead", () -> queue.extended.contains(second));

    CompletableFuture<Void> stopping = CompletableFuture.runAsync(runner::stop);
    until("the painting job is released", () -> queue.released.contains(first));
    proceed.countDown();
    stopping.get(10, TimeUnit.SECONDS);

    assertThat(queue.released).containsExactlyInAnyOrder(first, second);
    assertThat(queue.deleted).isEmpty();
    assertThat(model.painted).hasValue(1);
  }

  @Test
  void closePastTheGrace_leavesTheModelsOpenWhileAJobStillPaints_andFreesThemOtherwise()
      throws Exception {
    CountDownLatch painting = new CountDownLatch(1);
    CountDownLatch proceed = new CountDownLatch(1);
    model.holdPainting(null, painting, proceed);
    AtomicInteger freed = new AtomicInteger();
    queue.offer(job(FIRST));
    start(Map.of(RunnerConfig.SHUTDOWN_GRACE, "0.1"), true, freed::incrementAndGet);
    assertThat(painting.await(10, TimeUnit.SECONDS)).isTrue();

    runner.close();

    assertThat(freed).as("sessions closed under a running UNet crash the JVM").hasValue(0);
    proceed.countDown();
    Runner idle = runner;
    runner = null;
    start(Map.of(), true, freed::incrementAndGet);
    runner.close();
    assertThat(freed).as("a runner with nothing painting frees what it owns").hasValue(1);
    idle.close();
  }

  @Test
  void jobReceivedAhead_isLookedForItsCancelMarkerWhileTheCurrentOnePaints_andEndsCancelled()
      throws Exception {
    bucket.objects.put(StorageKeys.cancelMarker(SECOND), new byte[0]);
    CountDownLatch secondLooked = new CountDownLatch(1);
    bucket.beforeExists =
        key -> {
          if (key.equals(StorageKeys.cancelMarker(SECOND))) {
            secondLooked.countDown();
          }
        };
    model.hook =
        (job, index) -> {
          if (job.jobId().equals(FIRST)) {
            assertThat(secondLooked.await(10, TimeUnit.SECONDS))
                .as("the second job's cancel marker is looked for while the first one paints")
                .isTrue();
          }
        };
    String first = queue.offer(job(FIRST));
    String second = queue.offer(job(SECOND));
    start(Map.of(), true);

    until("both messages are deleted", () -> queue.deleted.containsAll(List.of(first, second)));

    assertThat(eventsOf(FIRST)).containsExactly(EventType.STARTED, EventType.SUCCEEDED);
    assertThat(eventsOf(SECOND)).containsExactly(EventType.CANCELLED);
    assertThat(model.painted).hasValue(1);
    assertThat(bucket.objects).doesNotContainKey(StorageKeys.image(SECOND, 0));
  }

  @Test
  void cancelAfterTheLookAhead_stillEndsTheJobCancelled_notSucceeded() {
    model.hook =
        (job, index) -> {
          if (job.jobId().equals(SECOND)) {
            // cancelled by the user once the runner had looked, while the job paints
            bucket.objects.put(StorageKeys.cancelMarker(SECOND), new byte[0]);
          }
        };
    String first = queue.offer(job(FIRST));
    String second = queue.offer(job(SECOND));
    start(Map.of(), true);

    until("both messages are deleted", () -> queue.deleted.containsAll(List.of(first, second)));

    assertThat(eventsOf(SECOND)).containsExactly(EventType.STARTED, EventType.CANCELLED);
    assertThat(journal.entries).endsWith("event:CANCELLED", "delete:" + second);
  }

  @Test
  void jobWaitingAhead_isKeptHidden_untilItIsSettled() throws Exception {
    CountDownLatch firstPainting = new CountDownLatch(1);
    CountDownLatch proceed = new CountDownLatch(1);
    model.holdPainting(FIRST, firstPainting, proceed);
    queue.offer(job(FIRST));
    String second = queue.offer(job(SECOND));
    start(Map.of(), true);
    assertThat(firstPainting.await(10, TimeUnit.SECONDS)).isTrue();

    until("the waiting job's visibility is extended", () -> queue.extended.contains(second));

    proceed.countDown();
    until("the second job is deleted", () -> queue.deleted.contains(second));
  }
}
