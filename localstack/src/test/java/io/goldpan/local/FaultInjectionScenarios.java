package io.goldpan.local;

import static io.goldpan.testing.Await.until;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import io.goldpan.contract.Contract;
import io.goldpan.contract.ImageResult;
import io.goldpan.contract.JobMessage;
import io.goldpan.contract.JobParameters;
import io.goldpan.contract.RunnerEvent;
import io.goldpan.contract.StorageKeys;
import io.goldpan.contract.Timings;
import io.goldpan.functions.events.EventsLambdaHandler;
import io.goldpan.functions.jobs.Job;
import io.goldpan.functions.jobs.JobRepository;
import io.goldpan.functions.jobs.JobStatus;
import io.goldpan.runner.config.RunnerConfig;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Fault-injection scenarios: each injects one failure through real means (a second runner, a runner
 * that dies or loses its heartbeat, S3 going away, broken messages) and asserts the invariant that
 * must survive it: every job reaches one correct terminal state, no image is lost or doubled.
 * Subclasses supply the backend (embedded emulators, LocalStack); the scenarios are the same.
 */
abstract class FaultInjectionScenarios {
  static final Duration DONE_WITHIN = Duration.ofSeconds(60);

  /** What the functions run with in every backend: quick sweeps, so re-sends are seen at once. */
  static final Map<String, Object> FUNCTIONS_OVERRIDES =
      Map.of(
          "goldpan.sweeper.interval",
          "1s",
          "goldpan.sweeper.resend-after",
          "1s",
          // lets a scenario take the database away (Hikari's pool suspension), failing fast
          "datasources.default.allow-pool-suspension",
          true,
          "datasources.default.connection-timeout",
          1000);

  private static final Set<String> TERMINAL = Set.of("SUCCEEDED", "FAILED", "CANCELLED", "EXPIRED");

  private final List<ScenarioRunner> runners = new ArrayList<>();
  Api api;

  /** The running stack, started once per backend class. */
  abstract ScenarioStack stack();

  @BeforeEach
  void connect() {
    api = new Api(stack().apiUrl(), stack().apiKey());
  }

  @AfterEach
  void stopRunners() {
    runners.forEach(ScenarioRunner::close);
    runners.clear();
    if (stack().canStopS3()) {
      stack().startS3();
    }
  }

  // (1)
  @Test
  void sameMessageDeliveredTwice_alsoToTwoRunnersAtOnce_yieldsOneJobAndExactlyCountImages() {
    ScenarioRunner a = runner("dup-a", ScenarioRunner.Faults.slow(Duration.ofMillis(300)));
    ScenarioRunner b = runner("dup-b", ScenarioRunner.Faults.slow(Duration.ofMillis(300)));
    String id = submit(2);
    String copy = Contract.toJson(messageOf(id));
    stack().sqs().sendMessage(r -> r.queueUrl(jobsQueueUrl()).messageBody(copy));
    stack().sqs().sendMessage(r -> r.queueUrl(jobsQueueUrl()).messageBody(copy));

    JsonNode done = awaitTerminal(id);
    String finishedAt = done.path("finishedAt").asText();
    until(
        "all three copies are handled and deleted",
        DONE_WITHIN,
        () -> a.receivedFor(id).size() + b.receivedFor(id).size() >= 3 && jobsQueueIsEmpty());

    JsonNode job = api.get("/api/jobs/" + id).json();
    assertThat(job.path("status").asText()).isEqualTo("SUCCEEDED");
    assertThat(job.path("finishedAt").asText()).as("succeeded once").isEqualTo(finishedAt);
    assertThat(job.path("images")).hasSize(2);
    assertThat(objectsUnder(StorageKeys.imagePrefix(id))).isEqualTo(2);
    assertThat(objectsUnder("thumbs/" + id + "/")).isEqualTo(2);
  }

  // (2)
  @Test
  void runnerKilledAfterUploadingBeforeDeleting_messageReappears_andTheJobCompletes() {
    ScenarioRunner doomed = runner("doomed", new ScenarioRunner.Faults(Duration.ZERO, false, true));
    String id = submit(2);
    until("the runner dies after its uploads", DONE_WITHIN, doomed::dead);
    assertThat(api.get("/api/jobs/" + id).json().path("status").asText()).isNotEqualTo("SUCCEEDED");

    ScenarioRunner rescuer = runner("rescuer", ScenarioRunner.Faults.none());
    JsonNode job = awaitTerminal(id);

    assertThat(job.path("status").asText()).isEqualTo("SUCCEEDED");
    assertThat(rescuer.receivedFor(id)).hasSize(1);
    assertThat(rescuer.receivedFor(id).get(0).receiveCount()).as("a redelivery").isGreaterThan(1);
    assertThat(objectsUnder(StorageKeys.imagePrefix(id))).isEqualTo(2);
  }

  // (3)
  @Test
  void jobRunningThreeTimesTheVisibilityTimeout_isKeptByTheHeartbeat_andPaintedOnce() {
    Map<String, String> shortVisibility =
        Map.of(RunnerConfig.VISIBILITY_TIMEOUT, "2", RunnerConfig.HEARTBEAT_INTERVAL, "0.5");
    ScenarioRunner slow =
        runner("slow", ScenarioRunner.Faults.slow(Duration.ofMillis(2200)), shortVisibility);
    String id = submit(3); // 3 x 2.2 s > 3 x 2 s visibility
    until("the slow runner took the job", DONE_WITHIN, () -> !slow.receivedFor(id).isEmpty());
    ScenarioRunner other = runner("other", ScenarioRunner.Faults.none(), shortVisibility);

    JsonNode job = awaitTerminal(id);

    assertThat(job.path("status").asText()).isEqualTo("SUCCEEDED");
    assertThat(slow.receivedFor(id)).hasSize(1);
    assertThat(slow.receivedFor(id).get(0).receiveCount()).isEqualTo(1);
    assertThat(other.receivedFor(id)).isEmpty();
    assertThat(slow.painted).hasValue(3);
    assertThat(objectsUnder(StorageKeys.imagePrefix(id))).isEqualTo(3);
  }

  // (4)
  @Test
  void heartbeatLost_secondRunnerTakesOver_finalStateConsistent_staleDeleteHarmless() {
    Map<String, String> shortVisibility =
        Map.of(RunnerConfig.VISIBILITY_TIMEOUT, "2", RunnerConfig.HEARTBEAT_INTERVAL, "0.5");
    ScenarioRunner lost =
        runner(
            "lost",
            ScenarioRunner.Faults.slow(Duration.ofMillis(1500)).withoutHeartbeats(),
            shortVisibility);
    String id = submit(2);
    until("the first runner took the job", DONE_WITHIN, () -> !lost.receivedFor(id).isEmpty());
    ScenarioRunner taker = runner("taker", ScenarioRunner.Faults.none(), shortVisibility);

    JsonNode job = awaitTerminal(id);
    until(
        "the first runner finished too and the message is gone",
        DONE_WITHIN,
        () -> lost.painted.get() >= 2 && jobsQueueIsEmpty());

    assertThat(job.path("status").asText()).isEqualTo("SUCCEEDED");
    assertThat(taker.receivedFor(id)).isNotEmpty();
    assertThat(api.get("/api/jobs/" + id).json().path("status").asText()).isEqualTo("SUCCEEDED");
    assertThat(api.get("/api/jobs/" + id).json().path("images")).hasSize(2);
    assertThat(objectsUnder(StorageKeys.imagePrefix(id))).isEqualTo(2);
  }

  // (5)
  @Test
  void brokenMessages_failTheirJobOrAreDropped_andTheRunnerKeepsServing() {
    runner("sturdy", ScenarioRunner.Faults.none());
    String absurd = insertJob(true);
    String newerContract = insertJob(true);
    JobMessage valid = messageOf(absurd);
    String absurdBody =
        Contract.toJson(
            new JobMessage(
                valid.v(),
                absurd,
                JobParameters.textToImage(
                    valid.parameters().prompt(),
                    null,
                    100_000,
                    1,
                    100_000,
                    7,
                    100_000,
                    -1,
                    "demo",
                    null),
                valid.submittedAt(),
                valid.deadline()));
    for (String body :
        List.of(
            "{not json",
            " ",
            "{\"v\":2,\"jobId\":\"" + newerContract + "\",\"prompt\":\"from the future\"}",
            absurdBody)) {
      stack().sqs().sendMessage(r -> r.queueUrl(jobsQueueUrl()).messageBody(body));
    }

    until(
        "both jobs are failed",
        DONE_WITHIN,
        () -> status(absurd) == JobStatus.FAILED && status(newerContract) == JobStatus.FAILED);
    assertThat(jobs().findById(absurd).orElseThrow().error()).startsWith("invalid job:");
    assertThat(jobs().findById(newerContract).orElseThrow().error())
        .contains("cannot read the job message");
    String fine = submit(1);
    assertThat(awaitTerminal(fine).path("status").asText()).isEqualTo("SUCCEEDED");
    until("nothing is left on the jobs queue", DONE_WITHIN, this::jobsQueueIsEmpty);
  }

  // (5) continued: a message no runner ever finishes
  @Test
  void messageNoRunnerFinishes_goesToTheDeadLetterQueue_andTheJobFailsWithAReason() {
    String id = submit(1);
    // No runner: take the message like a runner that crashes each time (visibility 1 s: it comes
    // back at once) until SQS moves it to the dead-letter queue and the functions fail the job.
    until(
        "the job is failed",
        DONE_WITHIN,
        () -> {
          stack()
              .sqs()
              .receiveMessage(
                  r ->
                      r.queueUrl(jobsQueueUrl())
                          .waitTimeSeconds(1)
                          .visibilityTimeout(1)
                          .maxNumberOfMessages(10));
          return status(id) == JobStatus.FAILED;
        });

    JsonNode job = api.get("/api/jobs/" + id).json();
    assertThat(job.path("error").asText())
        .isEqualTo(
            "the runner could not finish this job after 3 attempts;"
                + " see the runner's log for jobId="
                + id);
    String dlq = stack().queueUrl(stack().jobsQueue() + "-dlq");
    until("the dead-letter message is deleted", DONE_WITHIN, () -> approximateMessages(dlq) == 0);
  }

  // (6)
  @Test
  void sendFailedAfterTheRowWasWritten_sweeperResends_andTheJobCompletes() {
    // The state a failed SendMessage leaves behind: a QUEUED row that SQS never acknowledged.
    String id = insertJob(false);
    runner("after-outage", ScenarioRunner.Faults.none());

    until("the job succeeds", DONE_WITHIN, () -> status(id) == JobStatus.SUCCEEDED);

    assertThat(jobs().findById(id).orElseThrow().enqueuedAt()).isNotNull();
    assertThat(objectsUnder(StorageKeys.imagePrefix(id))).isEqualTo(1);
  }

  // (7)
  @Test
  void s3UnavailableDuringUpload_isRetriedOrFailsWithAReason_neverSucceedsWithMissingImages() {
    assumeTrue(stack().canStopS3(), "this backend cannot take S3 away");
    runner("s3-outage", ScenarioRunner.Faults.slow(Duration.ofMillis(800)));
    String id = submit(2);
    until("the runner is painting", DONE_WITHIN, () -> status(id) == JobStatus.RUNNING);

    stack().stopS3();
    LockSupport.parkNanos(Duration.ofSeconds(3).toNanos()); // the outage lasts a while
    stack().startS3();

    JsonNode job = awaitTerminal(id);
    if (job.path("status").asText().equals("SUCCEEDED")) {
      assertThat(job.path("images")).hasSize(2);
      assertThat(objectsUnder(StorageKeys.imagePrefix(id))).isEqualTo(2);
      for (JsonNode image : job.path("images")) {
        assertThat(Api.rawGet(image.path("url").asText()).statusCode()).isEqualTo(200);
      }
    } else {
      assertThat(job.path("status").asText()).isEqualTo("FAILED");
      assertThat(job.path("error").asText()).isNotBlank();
    }
  }

  // (8)
  @Test
  void eventsDuplicatedAndReordered_endInTheRightState() {
    String id = insertJob(true);
    Instant at = Instant.now();
    List<ImageResult> images =
        List.of(
            new ImageResult(
                0, 1, StorageKeys.image(id, 0), StorageKeys.thumbnail(id, 0), 256, 256));
    RunnerEvent succeeded =
        RunnerEvent.succeeded(id, "r", at.plusSeconds(2), images, new Timings(1, 2, 3, 6));
    for (RunnerEvent event :
        List.of(
            succeeded,
            succeeded,
            RunnerEvent.started(id, "r", at),
            RunnerEvent.progress(id, "r", at.plusSeconds(1), 1, 1),
            RunnerEvent.failed(id, "r", at.plusSeconds(3), "late failure from a stale runner"))) {
      stack()
          .sqs()
          .sendMessage(r -> r.queueUrl(eventsQueueUrl()).messageBody(Contract.toJson(event)));
    }

    until("every event is consumed", DONE_WITHIN, () -> approximateMessages(eventsQueueUrl()) == 0);

    JsonNode job = api.get("/api/jobs/" + id).json();
    assertThat(job.path("status").asText()).isEqualTo("SUCCEEDED");
    assertThat(job.path("images")).hasSize(1);
    assertThat(job.path("error").isNull() || job.path("error").isMissingNode()).isTrue();
  }

  // (9)
  @Test
  void eventsBatchWithMalformedRecords_dropsThemWhole_andAppliesTheRest() {
    String good = insertJob(true);
    String bad = insertJob(true);
    // A key outside the job's own: the event is refused whole, never half applied.
    String foreignKey = StorageKeys.imagePrefix(bad) + "x".repeat(400) + ".png";
    SQSEvent batch = new SQSEvent();
    batch.setRecords(
        List.of(
            record("good", Contract.toJson(RunnerEvent.started(good, "r", Instant.now()))),
            record("garbage", "{not json"),
            record(
                "bad",
                Contract.toJson(
                    RunnerEvent.succeeded(
                        bad,
                        "r",
                        Instant.now(),
                        List.of(new ImageResult(0, 1, foreignKey, null, 256, 256)),
                        null)))));

    SQSBatchResponse response =
        new EventsLambdaHandler(stack().functions()).handleRequest(batch, null);

    assertThat(response.getBatchItemFailures())
        .as("malformed records are dropped, not retried forever")
        .isEmpty();
    assertThat(status(good)).isEqualTo(JobStatus.RUNNING);
    assertThat(status(bad))
        .as("refused whole, not SUCCEEDED with a foreign image")
        .isEqualTo(JobStatus.QUEUED);
  }

  // (10)
  @Test
  void databaseDownWhileEventsArrive_noEventIsLost_onceItIsBack() throws Exception {
    String id = insertJob(true);
    Instant at = Instant.now();
    List<ImageResult> images =
        List.of(
            new ImageResult(
                0, 1, StorageKeys.image(id, 0), StorageKeys.thumbnail(id, 0), 256, 256));
    HikariPoolMXBean pool =
        stack()
            .functions()
            .getBean(DataSource.class)
            .unwrap(HikariDataSource.class)
            .getHikariPoolMXBean();

    // a suspended pool makes every getConnection fail at once, as an unreachable database would
    System.setProperty("com.zaxxer.hikari.throwIfSuspended", "true");
    pool.suspendPool();
    try {
      for (RunnerEvent event :
          List.of(
              RunnerEvent.started(id, "r", at),
              RunnerEvent.succeeded(id, "r", at.plusSeconds(1), images, new Timings(1, 2, 3, 6)))) {
        stack()
            .sqs()
            .sendMessage(r -> r.queueUrl(eventsQueueUrl()).messageBody(Contract.toJson(event)));
      }
      until(
          "the poller took the events while the database is down",
          DONE_WITHIN,
          () -> approximateNotVisible(eventsQueueUrl()) >= 2);
    } finally {
      pool.resumePool();
      System.clearProperty("com.zaxxer.hikari.throwIfSuspended");
    }

    // they come back after the events queue's visibility timeout and are applied then
    until("the events are applied", DONE_WITHIN, () -> status(id) == JobStatus.SUCCEEDED);
    assertThat(api.get("/api/jobs/" + id).json().path("images")).hasSize(1);
  }

  // (11)
  @Test
  void sigtermMidJob_releasesTheMessage_andAnotherRunnerFinishesItPromptly() {
    Map<String, String> longVisibility = Map.of(RunnerConfig.VISIBILITY_TIMEOUT, "60");
    ScenarioRunner leaving =
        runner("leaving", ScenarioRunner.Faults.slow(Duration.ofSeconds(2)), longVisibility);
    String id = submit(2);
    until("the first runner took the job", DONE_WITHIN, () -> !leaving.receivedFor(id).isEmpty());

    leaving.stop();
    Instant stopped = Instant.now();
    runner("staying", ScenarioRunner.Faults.none(), longVisibility);
    JsonNode job = awaitTerminal(id);

    assertThat(job.path("status").asText()).isEqualTo("SUCCEEDED");
    assertThat(Duration.between(stopped, Instant.now()))
        .as("released, not left for its 60 s visibility timeout")
        .isLessThan(Duration.ofSeconds(30));
    assertThat(objectsUnder(StorageKeys.imagePrefix(id))).isEqualTo(2);
  }

  // (12)
  @Test
  void cancelWhileRunning_endsCancelled_andUploadsNothingMore() {
    ScenarioRunner runner = runner("cancel", ScenarioRunner.Faults.slow(Duration.ofMillis(1500)));
    String id = submit(4);
    api.awaitJson(
        "/api/jobs/" + id, j -> j.path("progress").path("step").asInt() >= 1, DONE_WITHIN);

    assertThat(api.delete("/api/jobs/" + id).status()).isEqualTo(200);
    until(
        "the runner stopped the job and deleted its message",
        DONE_WITHIN,
        () -> jobsQueueIsEmpty() && runner.painted.get() < 4);
    long images = objectsUnder(StorageKeys.imagePrefix(id));

    assertThat(api.get("/api/jobs/" + id).json().path("status").asText()).isEqualTo("CANCELLED");
    assertThat(images).isBetween(1L, 2L);
    assertThat(runner.painted.get()).isLessThan(4);
  }

  // (13)
  @Test
  void presignedUrl_expiredTamperedOrForAnotherKey_is403() {
    runner("links", ScenarioRunner.Faults.none());
    JsonNode first = awaitTerminal(submit(1));
    JsonNode second = awaitTerminal(submit(1));
    String url = first.path("images").get(0).path("url").asText();
    String otherKey =
        second
            .path("images")
            .get(0)
            .path("key")
            .asText(StorageKeys.image(second.path("id").asText(), 0));
    String firstKey = StorageKeys.image(first.path("id").asText(), 0);

    assertThat(Api.rawGet(url).statusCode()).isEqualTo(200);
    char last = url.charAt(url.length() - 1);
    assertThat(
            Api.rawGet(url.substring(0, url.length() - 1) + (last == 'a' ? 'b' : 'a')).statusCode())
        .isEqualTo(403);
    assertThat(Api.rawGet(url.replace(firstKey, otherKey)).statusCode()).isEqualTo(403);

    String shortLived =
        stack()
            .presigner()
            .presignGetObject(
                r ->
                    r.signatureDuration(Duration.ofSeconds(1))
                        .getObjectRequest(g -> g.bucket(stack().bucket()).key(firstKey)))
            .url()
            .toString();
    until(
        "the short-lived link expires",
        DONE_WITHIN,
        () -> Api.rawGet(shortLived).statusCode() == 403);
  }

  // ---- helpers ----

  ScenarioRunner runner(String id, ScenarioRunner.Faults faults) {
    return runner(id, faults, Map.of());
  }

  ScenarioRunner runner(String id, ScenarioRunner.Faults faults, Map<String, String> overrides) {
    ScenarioRunner runner = ScenarioRunner.start(stack(), id, faults, overrides);
    runners.add(runner);
    return runner;
  }

  String submit(int count) {
    Api.Response r =
        api.post(
            "/api/jobs",
            "{\"prompt\":\"fault "
                + UUID.randomUUID()
                + "\",\"count\":"
                + count
                + ",\"width\":256,\"height\":256,\"steps\":1}");
    assertThat(r.status()).as(r.body()).isEqualTo(202);
    return r.json().path("id").asText();
  }

  /** A QUEUED job written straight to the database; {@code sent}: as if SQS acknowledged it. */
  String insertJob(boolean sent) {
    String id = UUID.randomUUID().toString();
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    Instant created = now.minusSeconds(60);
    jobs()
        .save(
            new Job(
                id,
                "me",
                JobStatus.QUEUED,
                "inserted " + id,
                null,
                1,
                7,
                256,
                256,
                1,
                7.5,
                "demo",
                null,
                created,
                created,
                null,
                null,
                sent ? created : null,
                now.plus(Duration.ofHours(1)),
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

  JobMessage messageOf(String id) {
    Job job = jobs().findById(id).orElseThrow();
    return new JobMessage(
        Contract.VERSION, id, job.parameters(), job.createdAt(), job.deadlineAt());
  }

  JobRepository jobs() {
    return stack().functions().getBean(JobRepository.class);
  }

  JobStatus status(String id) {
    return jobs().findById(id).orElseThrow().status();
  }

  JsonNode awaitTerminal(String id) {
    return api.awaitJson("/api/jobs/" + id, isTerminal(), DONE_WITHIN);
  }

  static Predicate<JsonNode> isTerminal() {
    return j -> TERMINAL.contains(j.path("status").asText());
  }

  long objectsUnder(String prefix) {
    return stack()
        .s3()
        .listObjectsV2(r -> r.bucket(stack().bucket()).prefix(prefix))
        .contents()
        .size();
  }

  String jobsQueueUrl() {
    return stack().queueUrl(stack().jobsQueue());
  }

  String eventsQueueUrl() {
    return stack().queueUrl(stack().eventsQueue());
  }

  boolean jobsQueueIsEmpty() {
    return approximateMessages(jobsQueueUrl()) == 0;
  }

  int approximateNotVisible(String queueUrl) {
    return Integer.parseInt(
        stack()
            .sqs()
            .getQueueAttributes(
                r ->
                    r.queueUrl(queueUrl)
                        .attributeNames(
                            QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))
            .attributes()
            .get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
  }

  /** Visible plus in-flight messages. */
  int approximateMessages(String queueUrl) {
    Map<QueueAttributeName, String> attributes =
        stack()
            .sqs()
            .getQueueAttributes(
                r ->
                    r.queueUrl(queueUrl)
                        .attributeNames(
                            QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                            QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))
            .attributes();
    return Integer.parseInt(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
        + Integer.parseInt(
            attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
  }

  private static SQSEvent.SQSMessage record(String id, String body) {
    SQSEvent.SQSMessage record = new SQSEvent.SQSMessage();
    record.setMessageId(id);
    record.setBody(body);
    return record;
  }
}
