package io.goldpan.functions.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.goldpan.contract.ImageResult;
import io.goldpan.contract.JobLimits;
import io.goldpan.contract.RunnerEvent;
import io.goldpan.contract.StorageKeys;
import io.goldpan.contract.Timings;
import io.goldpan.functions.auth.ApiKeys;
import io.goldpan.functions.events.InvalidEventException;
import io.goldpan.functions.events.JobEvents;
import io.goldpan.functions.runners.KnownRunner;
import io.goldpan.functions.runners.RunnerRepository;
import io.goldpan.functions.support.RecordingJobQueue;
import io.goldpan.functions.sweeper.Sweeper;
import io.goldpan.testing.MutableClock;
import io.micronaut.context.ApplicationContext;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Migrations, repositories and forward-only transitions, run against each database the product
 * supports (H2 always, PostgreSQL where one is reachable).
 */
abstract class JobStoreTests {
  private static final String RUNNER = "runner-1";

  JobRepository jobs;
  JobImageRepository images;
  RunnerRepository runners;
  JobEvents events;
  Sweeper sweeper;
  MutableClock clock;
  RecordingJobQueue queue;
  ApiKeys apiKeys;
  String owner;

  /** The started context of this database variant. */
  abstract ApplicationContext context();

  @BeforeEach
  void wire() {
    ApplicationContext context = context();
    jobs = context.getBean(JobRepository.class);
    images = context.getBean(JobImageRepository.class);
    runners = context.getBean(RunnerRepository.class);
    events = context.getBean(JobEvents.class);
    sweeper = context.getBean(Sweeper.class);
    clock = context.getBean(MutableClock.class);
    queue = context.getBean(RecordingJobQueue.class);
    apiKeys = context.getBean(ApiKeys.class);
    queue.failSends(false);
    owner = "store-" + UUID.randomUUID();
  }

  @Test
  void job_roundTripsEveryColumn() {
    Instant now = now();
    Job job =
        new Job(
            UUID.randomUUID().toString(),
            owner,
            JobStatus.RUNNING,
            "a prompt\nwith ünïcode ✨",
            "neg",
            16,
            JobLimits.SEED_MAX,
            1024,
            256,
            150,
            7.25,
            "demo",
            "euler_a",
            now,
            now,
            now,
            null,
            now,
            now.plus(Duration.ofHours(1)),
            3,
            20,
            null,
            1L,
            2L,
            3L,
            6L,
            RUNNER,
            null,
            null,
            null);

    jobs.save(job);

    assertThat(jobs.findById(job.id())).contains(job);
  }

  @Test
  void apiKey_createdKeyAuthenticates() {
    String key = apiKeys.create(owner);

    assertThat(apiKeys.authenticate(key)).contains(owner);
    assertThat(apiKeys.authenticate(key + "x")).isEmpty();
  }

  @Test
  void started_movesQueuedToRunning_recordingTheRunner() {
    String id = queuedJob();

    events.apply(RunnerEvent.started(id, RUNNER, now()));

    Job job = jobs.findById(id).orElseThrow();
    assertThat(job.status()).isEqualTo(JobStatus.RUNNING);
    assertThat(job.runnerId()).isEqualTo(RUNNER);
    assertThat(job.startedAt()).isNotNull();
  }

  @Test
  void startedAfterSucceeded_leavesTheJobSucceeded() {
    String id = queuedJob();
    events.apply(succeeded(id, 2));

    events.apply(RunnerEvent.started(id, "late-runner", now()));
    events.apply(RunnerEvent.progress(id, "late-runner", now(), 1, 20));

    Job job = jobs.findById(id).orElseThrow();
    assertThat(job.status()).isEqualTo(JobStatus.SUCCEEDED);
    assertThat(job.runnerId()).isNull();
    assertThat(job.totalMs()).isEqualTo(60L);
  }

  @Test
  void duplicateSucceeded_doesNotDuplicateImages() {
    String id = queuedJob();

    events.apply(succeeded(id, 2));
    events.apply(succeeded(id, 2));
    assertThatThrownBy(() -> events.apply(succeeded(id, 3)))
        .isInstanceOf(InvalidEventException.class)
        .hasMessageEndingWith("is malformed: SUCCEEDED has 3 images but the job has 2");

    assertThat(images.findByJobIds(List.of(id)))
        .extracting(i -> i.key().idx(), JobImage::imageKey)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(0, StorageKeys.image(id, 0)),
            org.assertj.core.groups.Tuple.tuple(1, StorageKeys.image(id, 1)));
  }

  @Test
  void failedAfterSucceeded_isIgnored() {
    String id = queuedJob();
    events.apply(succeeded(id, 1));

    events.apply(RunnerEvent.failed(id, RUNNER, now(), "out of memory"));

    Job job = jobs.findById(id).orElseThrow();
    assertThat(job.status()).isEqualTo(JobStatus.SUCCEEDED);
    assertThat(job.error()).isNull();
  }

  @Test
  void failed_recordsTheErrorTrimmedTo2000Characters() {
    String id = queuedJob();

    events.apply(RunnerEvent.failed(id, RUNNER, now(), "x".repeat(5000)));

    Job job = jobs.findById(id).orElseThrow();
    assertThat(job.status()).isEqualTo(JobStatus.FAILED);
    assertThat(job.error()).hasSize(2000);
    assertThat(job.finishedAt()).isNotNull();
  }

  @Test
  void progress_movesQueuedToRunning_andNeverGoesBack() {
    String id = queuedJob();

    events.apply(RunnerEvent.progress(id, RUNNER, now(), 5, 20));
    events.apply(RunnerEvent.progress(id, RUNNER, now(), 3, 20));

    Job job = jobs.findById(id).orElseThrow();
    assertThat(job.status()).isEqualTo(JobStatus.RUNNING);
    assertThat(job.progressStep()).isEqualTo(5);
    assertThat(job.progressTotal()).isEqualTo(20);
  }

  @Test
  void progressWithImages_recordsTheImagesStoredSoFar_andADuplicateChangesNothing() {
    String id = queuedJob();

    events.apply(RunnerEvent.progress(id, RUNNER, now(), 20, 40, List.of(image(id, 0))));
    events.apply(RunnerEvent.progress(id, RUNNER, now(), 20, 40, List.of(image(id, 0))));

    assertThat(jobs.findById(id).orElseThrow().status()).isEqualTo(JobStatus.RUNNING);
    assertThat(images.findByJobIds(List.of(id)))
        .extracting(i -> i.key().idx(), JobImage::imageKey, JobImage::thumbKey, JobImage::seed)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                0, StorageKeys.image(id, 0), StorageKeys.thumbnail(id, 0), 7L));
  }

  @Test
  void progressWithImages_thatArrivesLate_neitherRemovesNorAddsImages() {
    String id = queuedJob();
    events.apply(RunnerEvent.progress(id, RUNNER, now(), 30, 40, List.of(image(id, 0))));

    // an older event delivered after a newer one: the job's progress and images stay
    events.apply(RunnerEvent.progress(id, RUNNER, now(), 10, 40));
    events.apply(RunnerEvent.progress(id, RUNNER, now(), 20, 40, List.of(image(id, 1))));

    assertThat(jobs.findById(id).orElseThrow().progressStep()).isEqualTo(30);
    assertThat(images.findByJobIds(List.of(id))).extracting(i -> i.key().idx()).containsExactly(0);
  }

  @Test
  void progressWithImages_afterTheJobEnded_writesNothing_andSucceededKeepsTheFullList() {
    String cancelled = queuedJob();
    events.apply(RunnerEvent.cancelled(cancelled, RUNNER, now()));
    events.apply(
        RunnerEvent.progress(cancelled, RUNNER, now(), 20, 40, List.of(image(cancelled, 0))));
    assertThat(images.findByJobIds(List.of(cancelled))).isEmpty();

    String done = queuedJob();
    events.apply(RunnerEvent.progress(done, RUNNER, now(), 20, 40, List.of(image(done, 0))));
    events.apply(succeeded(done, 2));
    events.apply(RunnerEvent.progress(done, RUNNER, now(), 20, 40, List.of(image(done, 0))));

    assertThat(images.findByJobIds(List.of(done)))
        .extracting(i -> i.key().idx(), JobImage::thumbKey)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(0, null),
            org.assertj.core.groups.Tuple.tuple(1, null));
  }

  @Test
  void succeeded_completesTheProgress_whichTheRunnerDoesNotSendForTheLastImage() {
    String id = queuedJob();
    events.apply(RunnerEvent.progress(id, RUNNER, now(), 10, 20));

    events.apply(succeeded(id, 2));

    Job job = jobs.findById(id).orElseThrow();
    assertThat(job.progressStep()).isEqualTo(20);
    assertThat(job.progressTotal()).isEqualTo(20);
  }

  @Test
  void cancelledFromTheRunner_isTerminal() {
    String id = queuedJob();
    events.apply(RunnerEvent.started(id, RUNNER, now()));

    events.apply(RunnerEvent.cancelled(id, RUNNER, now()));
    events.apply(succeeded(id, 1));

    assertThat(jobs.findById(id).orElseThrow().status()).isEqualTo(JobStatus.CANCELLED);
    assertThat(images.findByJobIds(List.of(id))).isEmpty();
  }

  @Test
  void eventForUnknownJob_isIgnored() {
    String id = UUID.randomUUID().toString();

    events.apply(succeeded(id, 1));

    assertThat(jobs.findById(id)).isEmpty();
    assertThat(images.findByJobIds(List.of(id))).isEmpty();
  }

  @Test
  void succeeded_withAnImagePointingOutsideTheJob_isRefusedWhole() {
    String id = queuedJob();
    String other = UUID.randomUUID().toString();

    assertThatThrownBy(
            () ->
                events.apply(
                    RunnerEvent.succeeded(
                        id,
                        RUNNER,
                        now(),
                        List.of(
                            new ImageResult(0, 1, StorageKeys.image(id, 0), null, 512, 512),
                            new ImageResult(1, 2, StorageKeys.image(other, 0), null, 512, 512)),
                        new Timings(1, 1, 1, 3))))
        .isInstanceOf(InvalidEventException.class)
        .hasMessageEndingWith("images[1].key must be the job's key for image 1");

    assertThat(jobs.findById(id).orElseThrow().status()).isEqualTo(JobStatus.QUEUED);
    assertThat(images.findByJobIds(List.of(id))).isEmpty();
  }

  @Test
  void heartbeat_insertsThenUpdatesTheRunner_neverMovingLastSeenBack() {
    String runnerId = "runner-" + UUID.randomUUID();
    Instant first = now();

    events.apply(RunnerEvent.heartbeat(runnerId, first, List.of("demo"), "CPU"));
    events.apply(
        RunnerEvent.heartbeat(
            runnerId, first.plusSeconds(30), List.of("demo", "sd-turbo"), "CUDA"));
    events.apply(
        RunnerEvent.heartbeat(
            runnerId, first.plusSeconds(10), List.of("demo", "sd-turbo"), "CUDA"));

    KnownRunner runner = runners.findById(runnerId).orElseThrow();
    assertThat(runner.models()).isEqualTo("demo,sd-turbo");
    assertThat(runner.executionProvider()).isEqualTo("CUDA");
    assertThat(runner.lastSeenAt()).isEqualTo(first.plusSeconds(30));
  }

  @Test
  void heartbeat_keepsTheModelsThatVary_asTheLastHeartbeatSaidThem() {
    String runnerId = "runner-" + UUID.randomUUID();
    Instant first = now();

    events.apply(
        RunnerEvent.heartbeat(runnerId, first, List.of("demo", "sd"), "CPU", List.of("sd")));
    assertThat(runners.findById(runnerId).orElseThrow().varyingModels()).isEqualTo("sd");
    events.apply(
        RunnerEvent.heartbeat(runnerId, first.plusSeconds(1), List.of("demo"), "CPU", List.of()));
    assertThat(runners.findById(runnerId).orElseThrow().varyingModels()).isEmpty();
    events.apply(RunnerEvent.heartbeat(runnerId, first.plusSeconds(2), List.of("demo"), "CPU"));
    assertThat(runners.findById(runnerId).orElseThrow().varyingModels()).isNull();
  }

  @Test
  void heartbeat_keepsTheModelsWithATinyDecoder_asTheLastHeartbeatSaidThem() {
    String runnerId = "runner-" + UUID.randomUUID();
    Instant first = now();

    events.apply(
        RunnerEvent.heartbeat(
            runnerId, first, List.of("demo", "sd"), "CPU", List.of(), List.of("sd")));
    assertThat(runners.findById(runnerId).orElseThrow().fastModels()).isEqualTo("sd");
    events.apply(RunnerEvent.heartbeat(runnerId, first.plusSeconds(1), List.of("demo"), "CPU"));
    assertThat(runners.findById(runnerId).orElseThrow().fastModels()).isNull();
  }

  @Test
  void keysetQueries_pageNewestFirst_breakingTiesById() {
    Instant t = now();
    List<String> ids = List.of(job(t), job(t), job(t.plusMillis(1)), job(t.minusMillis(1)));
    List<String> expected =
        List.of(ids.get(2), max(ids.get(0), ids.get(1)), min(ids.get(0), ids.get(1)), ids.get(3));

    List<Job> first = jobs.findNewest(owner, 2);
    Job last = first.get(1);
    List<Job> rest = jobs.findOlderThan(owner, last.createdAt(), last.id(), 10);

    assertThat(first).extracting(Job::id).containsExactlyElementsOf(expected.subList(0, 2));
    assertThat(rest).extracting(Job::id).containsExactlyElementsOf(expected.subList(2, 4));
  }

  @Test
  void sweep_resendsJobsThatWereNeverSent_onceTheyAreOldEnough() {
    String id = queuedJob();

    assertThat(sweeper.sweepOnce().resent()).isZero();
    assertThat(queue.sentFor(id)).isEmpty();

    clock.advance(Duration.ofSeconds(11));
    sweeper.sweepOnce();

    assertThat(queue.sentFor(id)).hasSize(1);
    assertThat(jobs.findById(id).orElseThrow().enqueuedAt()).isNotNull();
    sweeper.sweepOnce();
    assertThat(queue.sentFor(id)).hasSize(1);
  }

  @Test
  void sweep_expiresQueuedJobsPastTheirDeadline_butNotRunningOnes() {
    String queued = queuedJob();
    String running = queuedJob();
    events.apply(RunnerEvent.started(running, RUNNER, now()));

    clock.advance(Duration.ofHours(25));
    events.apply(RunnerEvent.progress(running, RUNNER, now(), 1, 2)); // still reporting
    sweeper.sweepOnce();

    Job expired = jobs.findById(queued).orElseThrow();
    assertThat(expired.status()).isEqualTo(JobStatus.EXPIRED);
    assertThat(expired.error()).isEqualTo("no runner took the job before its deadline");
    assertThat(queue.sentFor(queued)).isEmpty();
    assertThat(jobs.findById(running).orElseThrow().status()).isEqualTo(JobStatus.RUNNING);
  }

  private String queuedJob() {
    return job(now());
  }

  /** A QUEUED job created at {@code createdAt} whose message was never sent. */
  private String job(Instant createdAt) {
    String id = UUID.randomUUID().toString();
    jobs.save(
        new Job(
            id,
            owner,
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
            createdAt,
            createdAt,
            null,
            null,
            null,
            createdAt.plus(Duration.ofHours(24)),
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
    return id;
  }

  private RunnerEvent succeeded(String id, int count) {
    List<ImageResult> results =
        java.util.stream.IntStream.range(0, count)
            .mapToObj(i -> new ImageResult(i, 7 + i, StorageKeys.image(id, i), null, 512, 512))
            .toList();
    return RunnerEvent.succeeded(id, RUNNER, now(), results, new Timings(10, 20, 30, 60));
  }

  private static ImageResult image(String id, int index) {
    return new ImageResult(
        index, 7 + index, StorageKeys.image(id, index), StorageKeys.thumbnail(id, index), 512, 512);
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }

  private static String max(String a, String b) {
    return a.compareTo(b) > 0 ? a : b;
  }

  private static String min(String a, String b) {
    return a.compareTo(b) > 0 ? b : a;
  }
}
