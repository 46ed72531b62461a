package io.goldpan.functions.sweeper;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import io.goldpan.contract.ImageResult;
import io.goldpan.contract.RunnerEvent;
import io.goldpan.contract.StorageKeys;
import io.goldpan.functions.auth.ApiKeys;
import io.goldpan.functions.events.JobEvents;
import io.goldpan.functions.gallery.Mark;
import io.goldpan.functions.gallery.Triage;
import io.goldpan.functions.jobs.JobRepository;
import io.goldpan.functions.jobs.JobStatus;
import io.goldpan.functions.jobs.SubmitKeyRepository;
import io.goldpan.functions.jobs.SubmitKeys;
import io.goldpan.functions.support.FakeStoredImages;
import io.goldpan.functions.support.Http;
import io.goldpan.functions.support.RecordingImageObjects;
import io.goldpan.functions.support.RecordingJobQueue;
import io.goldpan.functions.support.TestLambdaContext;
import io.goldpan.testing.MutableClock;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.annotation.Property;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@MicronautTest(transactional = false)
@Property(name = "datasources.default.url", value = "jdbc:h2:mem:sweeper;DB_CLOSE_DELAY=-1")
class SweeperTest {
  @Inject EmbeddedServer server;
  @Inject ApplicationContext context;
  @Inject ApiKeys apiKeys;
  @Inject RecordingJobQueue queue;
  @Inject MutableClock clock;
  @Inject JobRepository jobs;
  @Inject Sweeper sweeper;
  @Inject JobEvents events;
  @Inject FakeStoredImages storedImages;
  @Inject RecordingImageObjects bucket;
  @Inject Triage triage;

  Http api;

  @BeforeEach
  void setUp() {
    api = new Http(server.getURI(), apiKeys.create("sweeper-" + UUID.randomUUID()));
  }

  @AfterEach
  void healQueue() {
    queue.failSends(false);
    queue.refuse(job -> false);
  }

  @Test
  void sweepOnce_deletesWhatACancelledJobLeftInTheBucket_onceItsRunnerHadTimeToStop() {
    String id =
        api.post("/api/jobs", "{\"prompt\":\"cancel me\",\"count\":2}").json().get("id").asText();
    assertThat(api.delete("/api/jobs/" + id).status()).isEqualTo(200);

    sweeper.sweepOnce();
    assertThat(bucket.deleted())
        .as("the runner may still be stopping")
        .doesNotContain(StorageKeys.cancelMarker(id));
    clock.advance(Duration.ofMinutes(16));
    Sweeper.Result result = sweeper.sweepOnce();
    Sweeper.Result again = sweeper.sweepOnce();

    assertThat(result.cancelledCleaned()).isPositive();
    assertThat(bucket.deleted())
        .contains(
            StorageKeys.image(id, 0),
            StorageKeys.image(id, 1),
            StorageKeys.thumbnail(id, 1),
            StorageKeys.cancelMarker(id));
    assertThat(again.cancelledCleaned()).as("once only").isZero();
  }

  @Test
  void sweepOnce_keepsTheImagesACancelledJobShowedBeforeTheCancel_andDeletesTheRest() {
    String id =
        api.post("/api/jobs", "{\"prompt\":\"cancel later\",\"count\":3}")
            .json()
            .get("id")
            .asText();
    events.apply(
        RunnerEvent.progress(
            id,
            "runner-1",
            clock.instant(),
            20,
            60,
            List.of(
                new ImageResult(
                    0, 1, StorageKeys.image(id, 0), StorageKeys.thumbnail(id, 0), 512, 512))));
    assertThat(api.delete("/api/jobs/" + id).status()).isEqualTo(200);

    clock.advance(Duration.ofMinutes(16));
    sweeper.sweepOnce();

    assertThat(bucket.deleted())
        .contains(
            StorageKeys.image(id, 1), StorageKeys.thumbnail(id, 2), StorageKeys.cancelMarker(id))
        .doesNotContain(StorageKeys.image(id, 0), StorageKeys.thumbnail(id, 0));
    var view = api.get("/api/jobs/" + id).json();
    assertThat(view.get("status").asText()).isEqualTo("CANCELLED");
    assertThat(view.get("images")).hasSize(1);
  }

  @Test
  void sweepOnce_deletesImagesDiscardedMoreThanTwoWeeksAgo_butNotKeptOnes() {
    String id =
        api.post("/api/jobs", "{\"prompt\":\"garbage\",\"count\":2}").json().get("id").asText();
    events.apply(
        RunnerEvent.succeeded(
            id,
            "runner-1",
            clock.instant(),
            List.of(
                new ImageResult(
                    0, 1, StorageKeys.image(id, 0), StorageKeys.thumbnail(id, 0), 64, 64),
                new ImageResult(
                    1, 2, StorageKeys.image(id, 1), StorageKeys.thumbnail(id, 1), 64, 64)),
            null));
    String owner = jobs.findById(id).orElseThrow().owner();
    triage.mark(owner, id, 0, Mark.DISCARDED);
    triage.mark(owner, id, 1, Mark.KEPT);

    clock.advance(Duration.ofDays(13));
    sweeper.sweepOnce();
    assertThat(bucket.deleted()).as("still undoable").doesNotContain(StorageKeys.image(id, 0));
    clock.advance(Duration.ofDays(1).plusMinutes(1));
    sweeper.sweepOnce();

    assertThat(bucket.deleted()).contains(StorageKeys.image(id, 0), StorageKeys.thumbnail(id, 0));
    assertThat(bucket.deleted()).doesNotContain(StorageKeys.image(id, 1));
  }

  @Test
  void sweepOnce_staleRunningJobWhoseImagesAreStored_isMarkedSucceededWithThem() {
    String id =
        api.post("/api/jobs", "{\"prompt\":\"painted, events lost\",\"count\":2,\"seed\":40}")
            .json()
            .get("id")
            .asText();
    events.apply(RunnerEvent.started(id, "runner-1", clock.instant()));
    for (int i = 0; i < 2; i++) {
      storedImages.put(StorageKeys.image(id, i));
      storedImages.put(StorageKeys.thumbnail(id, i));
    }

    clock.advance(Duration.ofMinutes(121));
    Sweeper.Result result = sweeper.sweepOnce();

    assertThat(result.recovered()).isEqualTo(1);
    var view = api.get("/api/jobs/" + id).json();
    assertThat(view.get("status").asText()).isEqualTo("SUCCEEDED");
    assertThat(view.get("images")).hasSize(2);
    assertThat(view.get("images").get(1).get("seed").asLong()).isEqualTo(41);
  }

  @Test
  void sweepOnce_jobPastItsDeadlineWithOnlySomeImagesStored_stillExpires() {
    String id =
        api.post("/api/jobs", "{\"prompt\":\"half painted\",\"count\":2}")
            .json()
            .get("id")
            .asText();
    storedImages.put(StorageKeys.image(id, 0));

    clock.advance(Duration.ofHours(25));
    sweeper.sweepOnce();

    assertThat(jobs.findById(id).orElseThrow().status()).isEqualTo(JobStatus.EXPIRED);
  }

  @Test
  void sweepOnce_jobPastItsDeadlineWhoseImagesAreStored_isMarkedSucceeded() {
    String id =
        api.post("/api/jobs", "{\"prompt\":\"every event lost\",\"count\":1}")
            .json()
            .get("id")
            .asText();
    storedImages.put(StorageKeys.image(id, 0));

    clock.advance(Duration.ofHours(25));
    sweeper.sweepOnce();

    assertThat(jobs.findById(id).orElseThrow().status()).isEqualTo(JobStatus.SUCCEEDED);
  }

  @Test
  void sweepOnce_jobsTheQueueNeverTakes_backOff_soTheyCannotHoldBackOtherOwnersResends() {
    queue.refuse(job -> job.parameters().prompt().startsWith("poison"));
    queue.failSends(true);
    for (int i = 0; i < 100; i++) {
      api.post("/api/jobs", "{\"prompt\":\"poison " + i + "\"}");
    }
    String victim =
        api.post("/api/jobs", "{\"prompt\":\"an innocent job\"}").json().get("id").asText();
    queue.failSends(false);
    clock.advance(Duration.ofSeconds(11));

    sweeper.sweepOnce(); // the poison fills this batch, and each backs off
    clock.advance(Duration.ofSeconds(1));
    sweeper.sweepOnce();

    assertThat(queue.sentFor(victim)).as("sent on the second pass").hasSize(1);
  }

  @Test
  void sweepOnce_givesUpOnAJobAfterTenFailedResends_withAReason() {
    queue.refuse(job -> job.parameters().prompt().equals("never sendable"));
    String id = api.post("/api/jobs", "{\"prompt\":\"never sendable\"}").json().get("id").asText();

    for (int i = 0; i < Sweeper.MAX_SEND_ATTEMPTS + 1; i++) {
      clock.advance(Duration.ofHours(1).plusSeconds(11));
      sweeper.sweepOnce();
    }

    var view = api.get("/api/jobs/" + id).json();
    assertThat(view.get("status").asText()).isEqualTo("FAILED");
    assertThat(view.get("error").asText()).contains("refused this job");
  }

  @Test
  void sweepOnce_forgetsIdempotencyKeysPastTheirLifetime() {
    SubmitKeys keys = context.getBean(SubmitKeys.class);
    SubmitKeyRepository rows = context.getBean(SubmitKeyRepository.class);
    SubmitKeys.Claimed claim =
        (SubmitKeys.Claimed) keys.claim("sweeper", UUID.randomUUID().toString(), "{}", null);

    sweeper.sweepOnce();
    assertThat(rows.findById(claim.id())).isPresent();
    clock.advance(SubmitKeys.LIFETIME.plusSeconds(1));
    sweeper.sweepOnce();

    assertThat(rows.findById(claim.id())).isEmpty();
  }

  @Test
  void sweepOnce_resendsAJobWhoseSendFailedAtSubmit() {
    queue.failSends(true);
    String id = api.post("/api/jobs", "{\"prompt\":\"lost in transit\"}").json().get("id").asText();
    assertThat(jobs.findById(id).orElseThrow().enqueuedAt()).isNull();
    queue.failSends(false);

    sweeper.sweepOnce();
    assertThat(queue.sentFor(id)).as("too young: the submit may still be sending").isEmpty();
    clock.advance(Duration.ofSeconds(11));
    sweeper.sweepOnce();

    assertThat(queue.sentFor(id)).hasSize(1);
    assertThat(queue.sentFor(id).get(0).parameters().prompt()).isEqualTo("lost in transit");
    assertThat(jobs.findById(id).orElseThrow().enqueuedAt()).isNotNull();
  }

  @Test
  void sweepOnce_whenQueueIsStillDown_keepsTheJobForNextTime() {
    queue.failSends(true);
    String id = api.post("/api/jobs", "{\"prompt\":\"x\"}").json().get("id").asText();
    clock.advance(Duration.ofSeconds(11));

    Sweeper.Result result = sweeper.sweepOnce();

    assertThat(result.unsent()).isPositive();
    assertThat(jobs.findById(id).orElseThrow().enqueuedAt()).isNull();
  }

  @Test
  void sweepOnce_expiresAQueuedJobPastItsDeadline() {
    String id = api.post("/api/jobs", "{\"prompt\":\"nobody home\"}").json().get("id").asText();

    clock.advance(Duration.ofHours(23));
    sweeper.sweepOnce();
    assertThat(jobs.findById(id).orElseThrow().status()).isEqualTo(JobStatus.QUEUED);
    clock.advance(Duration.ofHours(2));
    sweeper.sweepOnce();

    var view = api.get("/api/jobs/" + id).json();
    assertThat(view.get("status").asText()).isEqualTo("EXPIRED");
    assertThat(view.get("error").asText()).isEqualTo("no runner took the job before its deadline");
  }

  @Test
  void sweepOnce_failsARunningJobOnlyAfterItWasSilentForTheStaleRunningTime() {
    String id = api.post("/api/jobs", "{\"prompt\":\"runner vanished\"}").json().get("id").asText();
    events.apply(RunnerEvent.started(id, "runner-1", clock.instant()));

    clock.advance(Duration.ofMinutes(119));
    sweeper.sweepOnce();
    assertThat(jobs.findById(id).orElseThrow().status()).isEqualTo(JobStatus.RUNNING);
    events.apply(RunnerEvent.progress(id, "runner-1", clock.instant(), 0, 1)); // still alive
    clock.advance(Duration.ofMinutes(119));
    sweeper.sweepOnce();
    assertThat(jobs.findById(id).orElseThrow().status()).isEqualTo(JobStatus.RUNNING);
    clock.advance(Duration.ofMinutes(2));
    Sweeper.Result result = sweeper.sweepOnce();

    assertThat(result.stale()).isEqualTo(1);
    var view = api.get("/api/jobs/" + id).json();
    assertThat(view.get("status").asText()).isEqualTo("FAILED");
    assertThat(view.get("error").asText()).startsWith("the runner stopped reporting on this job");
  }

  @Test
  void lambdaHandler_runsOneSweep() {
    queue.failSends(true);
    String id = api.post("/api/jobs", "{\"prompt\":\"via lambda\"}").json().get("id").asText();
    queue.failSends(false);
    clock.advance(Duration.ofSeconds(11));

    ScheduledEvent tick = new ScheduledEvent();
    tick.setSource("aws.events");
    tick.setDetailType("Scheduled Event");

    String summary = new SweeperLambdaHandler(context).handleRequest(tick, new TestLambdaContext());

    assertThat(summary).startsWith("resent=").contains("expired=");
    assertThat(queue.sentFor(id)).hasSize(1);
  }

  @Test
  void scheduledSweep_isOffWhenDisabled() {
    assertThat(context.containsBean(ScheduledSweep.class)).isFalse();
  }
}
