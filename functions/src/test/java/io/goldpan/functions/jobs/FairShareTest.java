package io.goldpan.functions.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.goldpan.contract.Contract;
import io.goldpan.contract.RunnerEvent;
import io.goldpan.functions.auth.ApiKeys;
import io.goldpan.functions.events.EventMessages;
import io.goldpan.functions.runners.KnownRunner;
import io.goldpan.functions.runners.RunnerRepository;
import io.goldpan.functions.support.Http;
import io.goldpan.functions.support.RecordingJobQueue;
import io.goldpan.testing.MutableClock;
import io.micronaut.context.annotation.Property;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** One friend's backlog cannot make another's single job wait behind it. */
@MicronautTest(transactional = false)
@Property(name = "goldpan.jobs.owner-in-flight", value = "2")
@Property(name = "datasources.default.url", value = "jdbc:h2:mem:fair-share;DB_CLOSE_DELAY=-1")
class FairShareTest {
  @Inject EmbeddedServer server;
  @Inject ApiKeys apiKeys;
  @Inject RecordingJobQueue queue;
  @Inject EventMessages events;
  @Inject JobRepository jobs;
  @Inject FairShare fairShare;
  @Inject MutableClock clock;
  @Inject RunnerRepository runners;

  @Test
  void noisyOwnersBacklogWaitsInTheDatabase_soAQuietOwnersJobIsSentAtOnce() {
    Http noisy = new Http(server.getURI(), apiKeys.create("noisy-" + UUID.randomUUID()));
    Http quiet = new Http(server.getURI(), apiKeys.create("quiet-" + UUID.randomUUID()));
    List<String> backlog = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      backlog.add(
          noisy.post("/api/jobs", "{\"prompt\":\"noisy " + i + "\"}").json().get("id").asText());
    }

    String single =
        quiet.post("/api/jobs", "{\"prompt\":\"one quiet try\"}").json().get("id").asText();

    assertThat(backlog).filteredOn(id -> !queue.sentFor(id).isEmpty()).hasSize(2);
    assertThat(queue.sentFor(single)).as("sent at once, with two noisy jobs ahead").hasSize(1);
    assertThat(jobs.findById(backlog.get(5)).orElseThrow().status()).isEqualTo(JobStatus.QUEUED);
  }

  @Test
  void aFinishedJobReleasesTheOwnersNextWaitingJob_oldestFirst() {
    Http owner = new Http(server.getURI(), apiKeys.create("owner-" + UUID.randomUUID()));
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      ids.add(owner.post("/api/jobs", "{\"prompt\":\"try " + i + "\"}").json().get("id").asText());
    }
    assertThat(queue.sentFor(ids.get(2))).isEmpty();

    events.handle(
        "m-1",
        Contract.toJson(
            RunnerEvent.failed(ids.get(0), "runner-1", clock.instant(), "a test failure")));

    assertThat(queue.sentFor(ids.get(2))).as("released as job 0 finished").hasSize(1);
    assertThat(queue.sentFor(ids.get(3))).as("still waiting its turn").isEmpty();
  }

  @Test
  void cancellingAJobReleasesTheNext() {
    Http owner = new Http(server.getURI(), apiKeys.create("canceller-" + UUID.randomUUID()));
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      ids.add(
          owner.post("/api/jobs", "{\"prompt\":\"cancel " + i + "\"}").json().get("id").asText());
    }

    owner.delete("/api/jobs/" + ids.get(0));

    assertThat(queue.sentFor(ids.get(2))).hasSize(1);
  }

  @Test
  void withMoreRunnersAwake_anOwnerMayKeepEachOfThemBusy() {
    for (int i = 0; i < 3; i++) {
      runners.save(
          new KnownRunner("gpu-" + i + "-" + UUID.randomUUID(), clock.instant(), "demo", "CUDA"));
    }
    Http owner = new Http(server.getURI(), apiKeys.create("alone-" + UUID.randomUUID()));
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      ids.add(owner.post("/api/jobs", "{\"prompt\":\"busy " + i + "\"}").json().get("id").asText());
    }

    assertThat(ids).filteredOn(id -> !queue.sentFor(id).isEmpty()).hasSize(4);
    clock.advance(java.time.Duration.ofMinutes(3)); // the runners go quiet again
  }

  @Test
  void theSweepersPass_givesOwnersTurnsByTheirOldestWaitingJob() {
    queue.failSends(true);
    Http first = new Http(server.getURI(), apiKeys.create("first-" + UUID.randomUUID()));
    Http second = new Http(server.getURI(), apiKeys.create("second-" + UUID.randomUUID()));
    String a = first.post("/api/jobs", "{\"prompt\":\"a\"}").json().get("id").asText();
    String b = second.post("/api/jobs", "{\"prompt\":\"b\"}").json().get("id").asText();
    queue.failSends(false);
    clock.advance(java.time.Duration.ofSeconds(11));

    FairShare.Released released = fairShare.releaseWaiting(clock.instant().minusSeconds(10), 100);

    assertThat(released.sent()).isGreaterThanOrEqualTo(2);
    assertThat(queue.sentFor(a)).hasSize(1);
    assertThat(queue.sentFor(b)).hasSize(1);
  }
}
