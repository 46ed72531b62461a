package io.goldpan.runner;

import static io.goldpan.testing.Await.until;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.goldpan.contract.Contract;
import io.goldpan.contract.EventType;
import io.goldpan.contract.ImageResult;
import io.goldpan.contract.JobMessage;
import io.goldpan.contract.JobParameters;
import io.goldpan.contract.RunnerEvent;
import io.goldpan.contract.StorageKeys;
import io.goldpan.runner.config.RunnerConfig;
import io.goldpan.runner.models.ModelException;
import io.goldpan.runner.storage.PngParameters;
import io.goldpan.runner.storage.PngText;
import io.goldpan.testing.MutableClock;
import java.io.ByteArrayInputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RunnerTest {
  private static final String JOB_ID = "0b9e6f7e-4a51-4c1e-9d3a-2f7f5a1c9e10";
  private static final String OTHER_JOB_ID = "5d1c2a3b-0000-4c1e-9d3a-2f7f5a1c9e11";
  private static final Instant NOW = Instant.parse("2026-11-25T10:00:05Z");
  private static final Instant SUBMITTED = Instant.parse("2026-11-25T10:00:00Z");

  private final Fakes.Journal journal = new Fakes.Journal();
  private final Fakes.Queue queue = new Fakes.Queue(journal);
  private final Fakes.Events events = new Fakes.Events(journal);
  private final Fakes.Bucket bucket = new Fakes.Bucket();
  private final Fakes.FlatModel model = new Fakes.FlatModel();
  private Runner runner;

  @AfterEach
  void stopRunner() {
    if (runner != null) {
      runner.close();
    }
  }

  private static RunnerConfig config(Map<String, String> overrides) {
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
    return TestConfigs.withBackoff(
        RunnerConfig.from(vars), Duration.ofMillis(5), Duration.ofMillis(20));
  }

  private Runner start(Map<String, String> overrides) {
    return start(overrides, Clock.fixed(NOW, ZoneOffset.UTC));
  }

  private Runner start(Map<String, String> overrides, Clock clock) {
    runner =
        Runner.builder(config(overrides))
            .jobSource(queue)
            .eventSink(events)
            .imageStore(bucket)
            .models(List.of(model))
            .executionProvider("CPU")
            .clock(clock)
            .build();
    runner.start();
    return runner;
  }

  private Runner start() {
    return start(Map.of());
  }

  private static JobMessage job(String jobId, int count) {
    return new JobMessage(
        Contract.VERSION,
        jobId,
        JobParameters.textToImage("a gnome", "blurry", count, 42, 256, 256, 20, 7.5, "demo", null),
        SUBMITTED,
        NOW.plusSeconds(3600));
  }

  private static String json(JobMessage job) {
    return Contract.toJson(job);
  }

  @Test
  void happyPath_sendsStartedProgressSucceeded_thenDeletes() throws Exception {
    String messageId = queue.offer(json(job(JOB_ID, 3)));
    start();

    until("the message is deleted", () -> queue.deleted.contains(messageId));

    // The last image's progress is not sent on its own: the succeeded event follows at once.
    assertThat(events.jobEventTypes())
        .containsExactly(
            EventType.STARTED, EventType.PROGRESS, EventType.PROGRESS, EventType.SUCCEEDED);
    assertThat(events.jobEvents())
        .allSatisfy(
            e -> {
              assertThat(e.jobId()).isEqualTo(JOB_ID);
              assertThat(e.runnerId()).isEqualTo("test-runner");
            });
    assertThat(events.jobEvents().subList(1, 3))
        .extracting(RunnerEvent::step, RunnerEvent::totalSteps)
        .containsExactly(tuple(1, 3), tuple(2, 3));
    RunnerEvent succeeded = events.jobEvents().get(3);
    assertThat(succeeded.images())
        .containsExactly(
            new ImageResult(
                0, 42, StorageKeys.image(JOB_ID, 0), StorageKeys.thumbnail(JOB_ID, 0), 256, 256),
            new ImageResult(
                1, 43, StorageKeys.image(JOB_ID, 1), StorageKeys.thumbnail(JOB_ID, 1), 256, 256),
            new ImageResult(
                2, 44, StorageKeys.image(JOB_ID, 2), StorageKeys.thumbnail(JOB_ID, 2), 256, 256));
    assertThat(succeeded.timings().queueMs()).isEqualTo(5000);
    assertThat(journal.entries).endsWith("event:SUCCEEDED", "delete:" + messageId);
    assertThat(queue.released).isEmpty();

    byte[] png = bucket.objects.get(StorageKeys.image(JOB_ID, 1));
    assertThat(ImageIO.read(new ByteArrayInputStream(png)).getWidth()).isEqualTo(256);
    assertThat(PngText.read(png).get(PngParameters.KEYWORD))
        .isEqualTo(
            "a gnome\n"
                + "Negative prompt: blurry\n"
                + "Steps: 20, CFG scale: 7.5, Seed: 43, Size: 256x256, Model: demo");
    byte[] thumb = bucket.objects.get(StorageKeys.thumbnail(JOB_ID, 1));
    assertThat(ImageIO.read(new ByteArrayInputStream(thumb)).getWidth()).isEqualTo(256);
  }

  @Test
  void eachStoredImage_isReportedInAProgressEvent_beforeTheNextImageIsFinished() {
    List<String> storedWhenReported = new java.util.concurrent.CopyOnWriteArrayList<>();
    events.afterSend =
        e -> {
          if (e.type() == EventType.PROGRESS && e.images() != null) {
            for (ImageResult image : e.images()) {
              if (bucket.objects.containsKey(image.key())
                  && bucket.objects.containsKey(image.thumbKey())) {
                storedWhenReported.add(image.key());
              }
            }
          }
        };
    model.hook =
        (job, index) -> {
          if (index == 1) {
            // Image 1 is not finished until image 0 has been reported, stored, in a progress event.
            until(
                "a progress event lists image 0",
                () ->
                    events.jobEvents().stream()
                        .anyMatch(
                            e ->
                                e.type() == EventType.PROGRESS
                                    && e.images() != null
                                    && e.images().stream().anyMatch(i -> i.index() == 0)));
          }
        };
    String messageId = queue.offer(json(job(JOB_ID, 3)));
    start();

    until("the message is deleted", () -> queue.deleted.contains(messageId));

    List<RunnerEvent> progress =
        events.jobEvents().stream().filter(e -> e.type() == EventType.PROGRESS).toList();
    assertThat(progress)
        .extracting(e -> e.images().stream().map(ImageResult::index).toList())
        .containsExactly(List.of(0), List.of(0, 1));
    assertThat(progress.get(0).images().get(0))
        .isEqualTo(
            new ImageResult(
                0, 42, StorageKeys.image(JOB_ID, 0), StorageKeys.thumbnail(JOB_ID, 0), 256, 256));
    assertThat(storedWhenReported)
        .as("an image is reported only once its PNG and thumbnail are stored")
        .containsExactly(
            StorageKeys.image(JOB_ID, 0),
            StorageKeys.image(JOB_ID, 0),
            StorageKeys.image(JOB_ID, 1));
    RunnerEvent succeeded = events.jobEvents().get(events.jobEvents().size() - 1);
    assertThat(succeeded.images()).extracting(ImageResult::index).containsExactly(0, 1, 2);
  }

  @Test
  void invalidParameters_sendFailedNamingTheFields_deleteAndUploadNothing() {
    JobMessage bad =
        new JobMessage(
            Contract.VERSION,
            JOB_ID,
            JobParameters.textToImage("a gnome", null, 99, 42, 100, 512, 20, 7.5, "demo", null),
            SUBMITTED,
            null);
    String messageId = queue.offer(json(bad));
    start();

    until("the message is deleted", () -> queue.deleted.contains(messageId));

    assertThat(events.jobEventTypes()).containsExactly(EventType.FAILED);
    assertThat(events.jobEvents().get(0).error())
        .startsWith("invalid job: ")
        .contains("count: must be from 1 to 16")
        .contains("width: must be a multiple of 64");
    assertThat(bucket.objects).isEmpty();
    assertThat(model.painted).hasValue(0);
  }

  @Test
  void unreadableMessage_isDeleted_andTheLoopServesTheNextOne() {
    String garbage = queue.offer("{this is not json");
    String good = queue.offer(json(job(JOB_ID, 1)));
    start();

    until("the good message is deleted", () -> queue.deleted.contains(good));

    assertThat(queue.deleted).containsExactly(garbage, good);
    assertThat(events.jobEventTypes()).containsExactly(EventType.STARTED, EventType.SUCCEEDED);
  }

  @Test
  void unreadableMessageWithAJobId_isReportedFailed_andDeleted() {
    String body = json(job(JOB_ID, 1)).replace("\"v\":1", "\"v\":7");
    String messageId = queue.offer(body);
    start();

    until("the message is deleted", () -> queue.deleted.contains(messageId));

    assertThat(events.jobEvents())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.type()).isEqualTo(EventType.FAILED);
              assertThat(e.jobId()).isEqualTo(JOB_ID);
              assertThat(e.error()).contains("version 7");
            });
  }

  @Test
  void unknownModel_isReportedFailed_namingTheModelsThisRunnerHas() {
    JobMessage job = job(JOB_ID, 1);
    JobMessage sd =
        new JobMessage(
            job.v(),
            job.jobId(),
            JobParameters.textToImage(
                job.parameters().prompt(), null, 1, 1, 512, 512, 20, 7.5, "sd-turbo", null),
            SUBMITTED,
            null);
    String messageId = queue.offer(json(sd));
    start();

    until("the message is deleted", () -> queue.deleted.contains(messageId));

    assertThat(events.jobEvents())
        .singleElement()
        .extracting(RunnerEvent::error)
        .isEqualTo("model 'sd-turbo' is not available on runner test-runner; it has: demo");
  }

  @Test
  void pastDeadline_isReportedFailed_withoutPainting() {
    JobMessage job = job(JOB_ID, 1);
    JobMessage late =
        new JobMessage(
            job.v(),
            job.jobId(),
            JobParameters.textToImage(
                job.parameters().prompt(), null, 1, 1, 512, 512, 20, 7.5, "demo", null),
            SUBMITTED,
            NOW.minusSeconds(1));
    String messageId = queue.offer(json(late));
    start();

    until("the message is deleted", () -> queue.deleted.contains(messageId));

    assertThat(events.jobEvents())
        .singleElement()
        .extracting(RunnerEvent::error)
        .isEqualTo("deadline passed before a runner took the job");
    assertThat(model.painted).hasValue(0);
  }

  @Test
  void cancelMarkerBeforeStart_sendsCancelled_andPaintsNothing() {
    bucket.objects.put(StorageKeys.cancelMarker(JOB_ID), new byte[0]);
    String messageId = queue.offer(json(job(JOB_ID, 2)));
    start();

    until("the message is deleted", () -> queue.deleted.contains(messageId));

    assertThat(events.jobEventTypes()).containsExactly(EventType.CANCELLED);
    assertThat(bucket.objects).containsOnlyKeys(StorageKeys.cancelMarker(JOB_ID));
  }

  @Test
  void cancelMarkerBetweenImages_stopsThere_andUploadsNothingMore() {
    model.hook =
        (job, index) -> {
          if (index == 1) {
            fail("image 1 must not be painted once the job is cancelled");
          }
          // cancelled by the user while image 0 is painted
          bucket.objects.put(StorageKeys.cancelMarker(JOB_ID), new byte[0]);
        };
    String messageId = queue.offer(json(job(JOB_ID, 3)));
    start();

    until("the message is deleted", () -> queue.deleted.contains(messageId));

    assertThat(events.jobEventTypes())
        .containsExactly(EventType.STARTED, EventType.PROGRESS, EventType.CANCELLED);
    assertThat(bucket.objects)
        .containsOnlyKeys(
            StorageKeys.cancelMarker(JOB_ID),
            StorageKeys.image(JOB_ID, 0),
            StorageKeys.thumbnail(JOB_ID, 0));
  }

  @Test
  void cancelMarkerWhileTheLastImagePaints_endsCancelled_notSucceeded() {
    model.hook =
        (job, index) -> {
          if (index == 2) {
            // cancelled by the user while the last image is painted
            bucket.objects.put(StorageKeys.cancelMarker(JOB_ID), new byte[0]);
          }
        };
    String messageId = queue.offer(json(job(JOB_ID, 3)));
    start();

    until("the message is deleted", () -> queue.deleted.contains(messageId));

    assertThat(events.jobEventTypes())
        .containsExactly(
            EventType.STARTED, EventType.PROGRESS, EventType.PROGRESS, EventType.CANCELLED);
    assertThat(journal.entries).endsWith("event:CANCELLED", "delete:" + messageId);
  }

  @Test
  void nextImage_isPaintedWhileThePreviousOneIsEncodedAndUploaded() {
    CountDownLatch secondImagePainting = new CountDownLatch(1);
    AtomicBoolean overlapped = new AtomicBoolean();
    model.hook =
        (job, index) -> {
          if (index == 1) {
            secondImagePainting.countDown();
          }
        };
    bucket.beforePut =
        key -> {
          if (key.equals(StorageKeys.image(JOB_ID, 0))) {
            try {
              overlapped.set(secondImagePainting.await(10, TimeUnit.SECONDS));
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
        };
    String messageId = queue.offer(json(job(JOB_ID, 2)));
    start();

    until("the message is deleted", () -> queue.deleted.contains(messageId));

    assertThat(overlapped).isTrue();
    assertThat(events.jobEventTypes())
        .containsExactly(EventType.STARTED, EventType.PROGRESS, EventType.SUCCEEDED);
    assertThat(events.jobEvents().get(2).images())
        .extracting(ImageResult::index)
        .containsExactly(0, 1);
  }

  @Test
  void finishedJobsMessage_isDeletedWhileTheNextJobIsPainted() {
    String otherJob = "5d1c2a3b-0000-4c1e-9d3a-2f7f5a1c9e11";
    CountDownLatch nextJobPainting = new CountDownLatch(1);
    AtomicBoolean overlapped = new AtomicBoolean();
    model.hook =
        (job, index) -> {
          if (job.jobId().equals(otherJob)) {
            nextJobPainting.countDown();
          }
        };
    String first = queue.offer(json(job(JOB_ID, 1)));
    String second = queue.offer(json(job(otherJob, 1)));
    queue.beforeDelete =
        message -> {
          if (message.messageId().equals(first)) {
            try {
              overlapped.set(nextJobPainting.await(10, TimeUnit.SECONDS));
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
        };
    start();

    until("both messages are deleted", () -> queue.deleted.containsAll(List.of(first, second)));

    assertThat(overlapped).isTrue();
    assertThat(journal.entries).containsSubsequence("event:SUCCEEDED", "delete:" + first);
  }

  @Test
  void storageOutageThatPasses_isRiddenOutInProcess_andTheJobSucceedsWithoutARedelivery() {
    bucket.putFailuresLeft.set(3);
    String messageId = queue.offer(json(job(JOB_ID, 2)));
    start();

    until("the message is deleted", () -> queue.deleted.contains(messageId));

    assertThat(bucket.failedPuts).hasValue(3);
    assertThat(events.jobEventTypes())
        .containsExactly(EventType.STARTED, EventType.PROGRESS, EventType.SUCCEEDED);
    assertThat(bucket.objects)
        .containsOnlyKeys(
            StorageKeys.image(JOB_ID, 0),
            StorageKeys.thumbnail(JOB_ID, 0),
            StorageKeys.image(JOB_ID, 1),
            StorageKeys.thumbnail(JOB_ID, 1));
    assertThat(queue.released).isEmpty();
    // no hand-back with a delay: at most the visibility heartbeat's own extensions, if it ran
    assertThat(queue.extendedBy)
        .as("only the heartbeat's")
        .allMatch(Duration.ofSeconds(30)::equals);
  }

  @Test
  void storageOutageThatOutlastsTheBudget_failsTheJobNamingStorage_andDeletes() {
    MutableClock clock = new MutableClock(NOW);
    bucket.failPuts = true;
    bucket.beforePut = key -> clock.advance(Duration.ofMinutes(1)); // each try takes a while
    String messageId = queue.offer(json(job(JOB_ID, 2)));
    start(Map.of(), clock);

    until("the message is deleted", () -> queue.deleted.contains(messageId));

    assertThat(events.jobEventTypes()).containsExactly(EventType.STARTED, EventType.FAILED);
    assertThat(events.jobEvents().get(1).error())
        .startsWith("storage unavailable for 10 min: cannot write s3://fake/")
        .endsWith(": 503 Slow Down");
    assertThat(bucket.failedPuts.get()).isGreaterThanOrEqualTo(10);
    assertThat(queue.released).isEmpty();
    assertThat(queue.extendedBy).allMatch(Duration.ofSeconds(30)::equals);
  }

  @Test
  void stopDuringAStorageOutage_releasesTheJobAtOnce_withoutFailingIt() {
    bucket.failPuts = true; // and the fixed clock never spends the budget
    String messageId = queue.offer(json(job(JOB_ID, 2)));
    start();
    until("the upload has been retried", () -> bucket.failedPuts.get() >= 4);

    runner.stop();

    assertThat(queue.released).containsExactly(messageId);
    assertThat(queue.deleted).isEmpty();
    assertThat(events.jobEventTypes()).containsExactly(EventType.STARTED);
  }

  @Test
  void eventsQueueDownPastTheBudget_releasesTheJob_forAnotherTry() {
    MutableClock clock = new MutableClock(NOW);
    events.afterSend =
        event -> {
          if (event.type() == EventType.SUCCEEDED) {
            clock.advance(Duration.ofMinutes(1)); // each try takes a while
            throw new InfrastructureException(
                "cannot send a SUCCEEDED event to SQS queue fake: Connection refused", null);
          }
        };
    String messageId = queue.offer(json(job(JOB_ID, 1)));
    start(Map.of(), clock);

    until("the message is released", () -> queue.released.contains(messageId));

    assertThat(events.jobEventTypes())
        .filteredOn(EventType.SUCCEEDED::equals)
        .hasSizeGreaterThan(9);
    assertThat(queue.deleted).isEmpty();
  }

  @Test
  void modelFailure_isTheJobsFault_sendsFailedAndDeletes() {
    model.hook =
        (job, index) -> {
          throw new ModelException(
              "demo model failed on image 0 of jobId=" + job.jobId() + ": boom");
        };
    String messageId = queue.offer(json(job(JOB_ID, 2)));
    start();

    until("the message is deleted", () -> queue.deleted.contains(messageId));

    assertThat(events.jobEventTypes()).containsExactly(EventType.STARTED, EventType.FAILED);
    assertThat(events.jobEvents().get(1).error()).contains("boom");
    assertThat(queue.released).isEmpty();
  }

  @Test
  void receiveErrors_areRetriedWithBackoff_andTheRunnerKeepsServing() {
    queue.receiveFailuresLeft.set(3);
    String messageId = queue.offer(json(job(JOB_ID, 1)));
    start();

    until("the message is deleted", () -> queue.deleted.contains(messageId));

    assertThat(queue.receives.get()).isGreaterThanOrEqualTo(4);
    assertThat(events.jobEventTypes()).endsWith(EventType.SUCCEEDED);
  }

  @Test
  void longJob_extendsTheMessageVisibility_whileItPaints() {
    model.hook =
        (job, index) -> until("the visibility is extended twice", () -> queue.extended.size() >= 2);
    String messageId = queue.offer(json(job(JOB_ID, 1)));
    start();

    until("the message is deleted", () -> queue.deleted.contains(messageId));

    assertThat(queue.extended).containsOnly(messageId);
    int extensions = queue.extended.size();
    // Once the job is done its heartbeat stops: a new job would be needed to extend again.
    queue.offer(json(job(OTHER_JOB_ID, 1)));
    until("the second job is done", () -> queue.deleted.size() == 2);
    assertThat(queue.extended.stream().filter(messageId::equals).count())
        .isLessThanOrEqualTo(extensions + 1);
  }

  @Test
  void longImage_reportsItsProgressAgainOnSchedule_soTheJobLooksAlive() {
    model.hook =
        (job, index) -> {
          if (index == 0) {
            until(
                "two keep-alive progress reports",
                () ->
                    events.jobEvents().stream()
                            .filter(e -> e.type() == EventType.PROGRESS && e.step() == 0)
                            .count()
                        >= 2);
          }
        };
    String messageId = queue.offer(json(job(JOB_ID, 2)));
    start(Map.of(RunnerConfig.PROGRESS_INTERVAL, "0.02"));

    until("the message is deleted", () -> queue.deleted.contains(messageId));

    RunnerEvent alive = events.jobEvents().get(1);
    assertThat(alive.type()).isEqualTo(EventType.PROGRESS);
    assertThat(alive.step()).isZero();
    assertThat(alive.totalSteps()).isEqualTo(2);
    // a keep-alive racing the end is harmless: the functions never move a finished job back
    assertThat(events.jobEventTypes())
        .filteredOn(t -> t != EventType.PROGRESS)
        .containsExactly(EventType.STARTED, EventType.SUCCEEDED);
  }

  @Test
  void jobReachingSqsTwelveHourLimit_isFailedCleanly_andDeleted() {
    MutableClock clock = new MutableClock(NOW);
    model.hook =
        (job, index) -> {
          if (index == 0) {
            // less than one visibility timeout (30 s) is left before SQS's limit
            clock.set(NOW.plus(InFlight.MAX_HOLD).minusSeconds(20));
            until(
                "a last extension up to the limit",
                () -> queue.extendedBy.contains(Duration.ofSeconds(20)));
          }
        };
    String messageId = queue.offer(json(job(JOB_ID, 3)));
    start(Map.of(), clock);

    until("the message is deleted", () -> queue.deleted.contains(messageId));

    assertThat(events.jobEventTypes())
        .containsExactly(EventType.STARTED, EventType.PROGRESS, EventType.FAILED);
    assertThat(events.jobEvents().get(2).error()).startsWith("ran past 12 h");
    assertThat(model.painted).hasValue(1);
    assertThat(bucket.objects)
        .containsOnlyKeys(StorageKeys.image(JOB_ID, 0), StorageKeys.thumbnail(JOB_ID, 0));
    assertThat(queue.released).isEmpty();
  }

  @Test
  void runnerHeartbeat_isSentOnSchedule_withModelsAndExecutionProvider() {
    start(Map.of(RunnerConfig.RUNNER_HEARTBEAT, "0.02"));

    until(
        "two heartbeats are sent",
        () ->
            events.sent.stream().filter(e -> e.type() == EventType.RUNNER_HEARTBEAT).count() >= 2);

    RunnerEvent heartbeat = events.sent.get(0);
    assertThat(heartbeat.runnerId()).isEqualTo("test-runner");
    assertThat(heartbeat.models()).containsExactly("demo");
    assertThat(heartbeat.executionProvider()).isEqualTo("CPU");
  }

  @Test
  void stopMidJob_letsTheImageFinish_thenReleasesTheMessage() throws Exception {
    CountDownLatch painting = new CountDownLatch(1);
    CountDownLatch proceed = new CountDownLatch(1);
    model.hook =
        (job, index) -> {
          painting.countDown();
          proceed.await(10, TimeUnit.SECONDS);
        };
    String messageId = queue.offer(json(job(JOB_ID, 3)));
    start();
    assertThat(painting.await(10, TimeUnit.SECONDS)).isTrue();

    CompletableFuture<Void> stopping = CompletableFuture.runAsync(runner::stop);
    until("the runner stops polling", () -> !runner.isRunning());
    proceed.countDown();
    stopping.get(10, TimeUnit.SECONDS);

    assertThat(queue.released).containsExactly(messageId);
    assertThat(queue.deleted).isEmpty();
    assertThat(events.jobEventTypes()).containsExactly(EventType.STARTED, EventType.PROGRESS);
    assertThat(model.painted).hasValue(1);
  }

  @Test
  void stopMidJob_whenTheImageOutlastsTheGrace_releasesAtOnce_andUploadsNothingMore()
      throws Exception {
    CountDownLatch painting = new CountDownLatch(1);
    CountDownLatch proceed = new CountDownLatch(1);
    model.holdPainting(null, painting, proceed);
    String messageId = queue.offer(json(job(JOB_ID, 2)));
    start(Map.of(RunnerConfig.SHUTDOWN_GRACE, "0.1"));
    assertThat(painting.await(10, TimeUnit.SECONDS)).isTrue();

    runner.stop();

    assertThat(queue.released).containsExactly(messageId);
    proceed.countDown();
    until("the painting finishes", () -> model.painted.get() == 1);
    runner.stop(); // idempotent
    assertThat(bucket.objects).isEmpty();
    assertThat(queue.deleted).isEmpty();
    assertThat(events.jobEventTypes()).containsExactly(EventType.STARTED);
  }

  @Test
  void stopWhileIdle_returnsOnceTheOpenPollEnds() {
    start(Map.of(RunnerConfig.POLL_WAIT, "1"));
    until("the runner polls", () -> queue.receives.get() > 0);

    long began = System.nanoTime();
    runner.stop();

    // at most the poll wait (1 s) and the two-second margin
    assertThat(Duration.ofNanos(System.nanoTime() - began)).isLessThan(Duration.ofSeconds(5));
    assertThat(runner.isRunning()).isFalse();
  }

  @Test
  void messageArrivingDuringTheStop_isReleasedBeforeStopReturns_notPainted() throws Exception {
    start(Map.of(RunnerConfig.POLL_WAIT, "20"));
    until("the runner polls", () -> queue.receives.get() > 0);
    CompletableFuture<List<String>> releasedWhenStopped =
        CompletableFuture.supplyAsync(
            () -> {
              runner.stop();
              return List.copyOf(queue.released);
            });
    until("the runner is stopping", () -> runner.state() != RunnerState.RUNNING);

    String late = queue.offer(json(job(JOB_ID, 1)));

    assertThat(releasedWhenStopped.get(30, TimeUnit.SECONDS)).containsExactly(late);
    assertThat(model.painted).hasValue(0);
    assertThat(events.jobEvents()).isEmpty();
  }

  @Test
  void builder_withoutModels_opensTheConfiguredOnes_andCloseBeforeStartFreesThem() {
    Runner built =
        Runner.builder(config(Map.of(RunnerConfig.EXECUTION_PROVIDER, "cpu")))
            .jobSource(queue)
            .eventSink(events)
            .imageStore(bucket)
            .build();

    assertThat(built.models()).containsExactly("demo");
    assertThat(built.executionProvider()).isEqualTo("CPU");
    assertThat(built.state()).isEqualTo(RunnerState.NEW);
    built.close();
    assertThat(built.state()).isEqualTo(RunnerState.CLOSED);
    built.start();
    assertThat(built.isRunning()).as("a closed runner never starts").isFalse();
  }

  @Test
  void builder_givenNoModels_isRefused() {
    assertThatThrownBy(() -> Runner.builder(config(Map.of())).models(List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a runner needs at least one model");
  }

  private static void fail(String message) {
    throw new AssertionError(message);
  }
}
