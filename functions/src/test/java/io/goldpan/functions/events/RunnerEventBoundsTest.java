package io.goldpan.functions.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.goldpan.contract.Contract;
import io.goldpan.contract.ImageResult;
import io.goldpan.contract.Preview;
import io.goldpan.contract.RunnerEvent;
import io.goldpan.contract.StorageKeys;
import io.goldpan.contract.Timings;
import io.goldpan.functions.jobs.Job;
import io.goldpan.functions.jobs.JobImageRepository;
import io.goldpan.functions.jobs.JobRepository;
import io.goldpan.functions.jobs.JobStatus;
import io.goldpan.functions.runners.RunnerRepository;
import io.goldpan.functions.support.LogCapture;
import io.goldpan.testing.MutableClock;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every field of a runner event is bounded by its job; an event outside the bounds is dropped
 * (deleted, not retried) with one warn line naming the job and the problem, and changes nothing.
 */
@MicronautTest(transactional = false)
class RunnerEventBoundsTest {
  private static final String RUNNER = "runner-bounds";

  @Inject EventMessages messages;
  @Inject JobRepository jobs;
  @Inject JobImageRepository images;
  @Inject RunnerRepository runners;
  @Inject MutableClock clock;

  String jobId;
  Instant now;

  @BeforeEach
  void queuedJob() {
    now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    jobId = UUID.randomUUID().toString();
    // two images of 20 steps, seed 7
    jobs.save(
        new Job(
            jobId,
            "bounds-owner",
            JobStatus.QUEUED,
            "p",
            null,
            2,
            7,
            512,
            512,
            20,
            7.5,
            "demo",
            null,
            now,
            now,
            null,
            null,
            now,
            now.plus(Duration.ofHours(24)),
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null));
  }

  /** A malformed event as a function of the job id and now, and the problem it is dropped for. */
  record Bad(String name, Function<RunnerEventBoundsTest, String> body, String problem) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Arguments> malformed() {
    return Stream.of(
        bad(
            "more images than the job has",
            t -> succeeded(t, IntStream.range(0, 1500).mapToObj(t::image).toList()),
            "SUCCEEDED has 1500 images but the job has 2"),
        bad(
            "negative index",
            t -> succeeded(t, List.of(t.image(0), t.image(-1))),
            "images[1].index must be from 0 to 1, got -1"),
        bad(
            "index past the count",
            t -> succeeded(t, List.of(t.image(2))),
            "images[0].index must be from 0 to 1, got 2"),
        bad(
            "duplicate index",
            t -> succeeded(t, List.of(t.image(1), t.image(1))),
            "images[1].index 1 appears twice"),
        bad(
            "another job's key",
            t ->
                succeeded(
                    t,
                    List.of(
                        new ImageResult(
                            0,
                            7,
                            StorageKeys.image(UUID.randomUUID().toString(), 0),
                            null,
                            512,
                            512))),
            "images[0].key must be the job's key for image 0"),
        bad(
            "key of another index",
            t ->
                succeeded(
                    t,
                    List.of(new ImageResult(0, 7, StorageKeys.image(t.jobId, 1), null, 512, 512))),
            "images[0].key must be the job's key for image 0"),
        bad(
            "thumbnail outside the job",
            t ->
                succeeded(
                    t,
                    List.of(
                        new ImageResult(
                            0,
                            7,
                            StorageKeys.image(t.jobId, 0),
                            "thumbs/" + t.jobId + "/../x/0.jpg",
                            512,
                            512))),
            "images[0].thumbKey must be absent or the job's thumbnail key for image 0"),
        bad(
            "image of no size",
            t ->
                succeeded(
                    t, List.of(new ImageResult(0, 7, StorageKeys.image(t.jobId, 0), null, 0, 512))),
            "images[0].width must be from 1 to 1024, got 0"),
        bad(
            "null image",
            t ->
                "{\"v\":1,\"type\":\"SUCCEEDED\",\"jobId\":\""
                    + t.jobId
                    + "\",\"runnerId\":\"r\",\"images\":[null]}",
            "images[0] is null"),
        bad(
            "negative timing",
            t -> succeeded(t, List.of(t.image(0)), new Timings(-1, 2, 3, 6)),
            "timings.queueMs must be from 0 to the job's age, got -1"),
        bad(
            "timing longer than the job has existed",
            t -> succeeded(t, List.of(t.image(0)), new Timings(1, 2, 3, Long.MAX_VALUE)),
            "timings.totalMs must be from 0 to the job's age, got " + Long.MAX_VALUE),
        bad(
            "far future",
            t ->
                "{\"v\":1,\"type\":\"STARTED\",\"jobId\":\""
                    + t.jobId
                    + "\",\"runnerId\":\"r\",\"at\":\"+1000000000-01-01T00:00:00Z\"}",
            "at is more than 5 minutes after now"),
        bad(
            "just past the allowed skew",
            t -> Contract.toJson(RunnerEvent.cancelled(t.jobId, RUNNER, t.now.plusSeconds(301))),
            "at is more than 5 minutes after now"),
        bad(
            "long before the job existed",
            t ->
                Contract.toJson(
                    RunnerEvent.failed(t.jobId, RUNNER, t.now.minus(Duration.ofHours(1)), "x")),
            "at is more than 5 minutes before the job was created"),
        bad(
            "frozen progress",
            t ->
                Contract.toJson(
                    RunnerEvent.progress(
                        t.jobId, RUNNER, t.now, Integer.MAX_VALUE, Integer.MAX_VALUE)),
            "totalSteps must be from 1 to 40 (count × steps), got " + Integer.MAX_VALUE),
        bad(
            "step past the total",
            t -> Contract.toJson(RunnerEvent.progress(t.jobId, RUNNER, t.now, 9, 8)),
            "step must be from 0 to 8 (totalSteps), got 9"),
        bad(
            "negative step",
            t -> Contract.toJson(RunnerEvent.progress(t.jobId, RUNNER, t.now, -1, 8)),
            "step must be from 0 to 8 (totalSteps), got -1"),
        bad(
            "preview of an image past the count",
            t ->
                Contract.toJson(
                    RunnerEvent.progress(
                        t.jobId, RUNNER, t.now, 3, 40, List.of(), new Preview(2, 3))),
            "preview.index must be from 0 to 1, got 2"),
        bad(
            "preview past the last step",
            t ->
                Contract.toJson(
                    RunnerEvent.progress(
                        t.jobId, RUNNER, t.now, 3, 40, List.of(), new Preview(0, 41))),
            "preview.step must be from 0 to 40 (totalSteps), got 41"),
        bad(
            "progress listing more images than the job has",
            t ->
                Contract.toJson(
                    RunnerEvent.progress(
                        t.jobId,
                        RUNNER,
                        t.now,
                        20,
                        40,
                        List.of(t.image(0), t.image(1), t.image(1)))),
            "PROGRESS has 3 images but the job has 2"),
        bad(
            "progress listing another job's image",
            t ->
                Contract.toJson(
                    RunnerEvent.progress(
                        t.jobId,
                        RUNNER,
                        t.now,
                        20,
                        40,
                        List.of(
                            new ImageResult(
                                0,
                                7,
                                StorageKeys.image(UUID.randomUUID().toString(), 0),
                                null,
                                512,
                                512)))),
            "images[0].key must be the job's key for image 0"),
        bad(
            "progress without steps",
            t -> "{\"v\":1,\"type\":\"PROGRESS\",\"jobId\":\"" + t.jobId + "\",\"runnerId\":\"r\"}",
            "PROGRESS needs step and totalSteps"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformed")
  void malformedJobEvent_isDropped_withOneWarnLine_andChangesNothing(Bad bad) {
    try (LogCapture log = LogCapture.of(EventMessages.class)) {
      EventMessages.Outcome outcome = messages.handle("msg-1", bad.body().apply(this));

      assertThat(outcome).isEqualTo(EventMessages.Outcome.UNREADABLE);
      assertThat(log.lines())
          .containsExactly(
              "WARN malformed event dropped: messageId=msg-1 jobId="
                  + jobId
                  + " problem="
                  + bad.problem());
    }
    Job job = jobs.findById(jobId).orElseThrow();
    assertThat(job.status()).isEqualTo(JobStatus.QUEUED);
    assertThat(job.progressStep()).isNull();
    assertThat(images.findByJobIds(List.of(jobId))).isEmpty();
  }

  @Test
  void heartbeatFromTheFarFuture_isDropped_andTheRunnerIsNotRecorded() {
    String runnerId = "runner-" + UUID.randomUUID();
    String body =
        "{\"v\":1,\"type\":\"RUNNER_HEARTBEAT\",\"runnerId\":\""
            + runnerId
            + "\",\"at\":\"+1000000000-01-01T00:00:00Z\",\"models\":[\"demo\"]}";

    try (LogCapture log = LogCapture.of(EventMessages.class)) {
      assertThat(messages.handle("msg-2", body)).isEqualTo(EventMessages.Outcome.UNREADABLE);
      assertThat(log.lines())
          .containsExactly(
              "WARN malformed event dropped: messageId=msg-2 jobId=- problem=at is more than 5"
                  + " minutes after now");
    }
    assertThat(runners.findById(runnerId)).isEmpty();
  }

  @Test
  void eventsWithinTheBounds_areApplied() {
    List<ImageResult> both = new ArrayList<>();
    both.add(
        new ImageResult(
            1, 8, StorageKeys.image(jobId, 1), StorageKeys.thumbnail(jobId, 1), 512, 512));
    both.add(image(0));

    assertThat(
            messages.handle(
                "a", Contract.toJson(RunnerEvent.started(jobId, RUNNER, now.minusSeconds(299)))))
        .isEqualTo(EventMessages.Outcome.APPLIED);
    assertThat(
            messages.handle("b", Contract.toJson(RunnerEvent.progress(jobId, RUNNER, now, 40, 40))))
        .isEqualTo(EventMessages.Outcome.APPLIED);
    clock.advance(Duration.ofSeconds(10));
    assertThat(
            messages.handle(
                "c",
                Contract.toJson(
                    RunnerEvent.succeeded(
                        jobId, RUNNER, now.plusSeconds(310), both, new Timings(0, 1, 2, 310_000)))))
        .isEqualTo(EventMessages.Outcome.APPLIED);

    assertThat(jobs.findById(jobId).orElseThrow().status()).isEqualTo(JobStatus.SUCCEEDED);
    assertThat(images.findByJobIds(List.of(jobId))).hasSize(2);
  }

  private ImageResult image(int index) {
    return new ImageResult(index, 7 + index, StorageKeys.image(jobId, index), null, 512, 512);
  }

  private static String succeeded(RunnerEventBoundsTest t, List<ImageResult> images) {
    return succeeded(t, images, new Timings(1, 2, 3, 6));
  }

  private static String succeeded(
      RunnerEventBoundsTest t, List<ImageResult> images, Timings timings) {
    return Contract.toJson(RunnerEvent.succeeded(t.jobId, RUNNER, t.now, images, timings));
  }

  private static Arguments bad(
      String name, Function<RunnerEventBoundsTest, String> body, String problem) {
    return Arguments.of(new Bad(name, body, problem));
  }
}
