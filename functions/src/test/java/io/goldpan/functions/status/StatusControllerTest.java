package io.goldpan.functions.status;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.goldpan.contract.RunnerEvent;
import io.goldpan.functions.auth.ApiKeys;
import io.goldpan.functions.events.JobEvents;
import io.goldpan.functions.runners.KnownRunner;
import io.goldpan.functions.runners.RunnerRepository;
import io.goldpan.functions.support.FakeQueueDepth;
import io.goldpan.functions.support.Http;
import io.goldpan.testing.MutableClock;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@MicronautTest(transactional = false)
class StatusControllerTest {
  @Inject EmbeddedServer server;
  @Inject ApiKeys apiKeys;
  @Inject RunnerRepository runners;
  @Inject FakeQueueDepth queueDepth;
  @Inject MutableClock clock;
  @Inject JobEvents events;

  Http api;

  @BeforeEach
  void setUp() {
    api = new Http(server.getURI(), apiKeys.create("status-" + UUID.randomUUID()));
  }

  @Test
  void status_withoutKey_returns401() {
    assertThat(api.as(null).get("/api/status").status()).isEqualTo(401);
  }

  @Test
  void status_listsOnlyRecentRunners_withModels_andQueueDepth_andMyQueuedCount() {
    Instant now = Instant.now(clock);
    String fresh = "fresh-" + UUID.randomUUID();
    String stale = "stale-" + UUID.randomUUID();
    runners.save(new KnownRunner(fresh, now.minusSeconds(10), "demo,sd-turbo", "CUDA"));
    runners.save(new KnownRunner(stale, now.minus(Duration.ofMinutes(5)), "demo", "CPU"));
    queueDepth.set(7);
    api.post("/api/jobs", "{\"prompt\":\"one\"}");
    api.post("/api/jobs", "{\"prompt\":\"two\"}");

    Http.Response response = api.get("/api/status");

    assertThat(response.status()).isEqualTo(200);
    JsonNode body = response.json();
    List<String> ids = new ArrayList<>();
    body.get("runners").forEach(r -> ids.add(r.get("id").asText()));
    assertThat(ids).contains(fresh).doesNotContain(stale);
    JsonNode runner = body.get("runners").get(ids.indexOf(fresh));
    assertThat(runner.get("models").toString()).isEqualTo("[\"demo\",\"sd-turbo\"]");
    assertThat(runner.get("executionProvider").asText()).isEqualTo("CUDA");
    assertThat(body.get("runnerAwake").asBoolean()).isTrue();
    assertThat(body.get("queueDepth").asLong()).isEqualTo(7);
    assertThat(body.get("queued").asLong()).isEqualTo(2);
  }

  @Test
  void aRunnerPaintingMyJob_isAwake_evenWhenItsLastHeartbeatIsOld() {
    clock.advance(Duration.ofHours(1)); // every runner other tests heard of is asleep now
    String runner = "painter-" + UUID.randomUUID();
    events.apply(RunnerEvent.heartbeat(runner, Instant.now(clock), List.of("demo"), "CPU"));
    String job = api.post("/api/jobs", "{\"prompt\":\"long one\"}").json().get("id").asText();
    events.apply(RunnerEvent.started(job, runner, Instant.now(clock)));

    // Its heartbeats stopped arriving (each is sent once and dropped on failure); its job's
    // progress still does.
    clock.advance(Duration.ofMinutes(2));
    events.apply(RunnerEvent.progress(job, runner, Instant.now(clock), 3, 80));

    JsonNode body = api.get("/api/status").json();
    assertThat(api.get("/api/jobs/" + job).json().get("status").asText()).isEqualTo("RUNNING");
    assertThat(body.get("runnerAwake").asBoolean()).isTrue();
    assertThat(body.get("runners").get(0).get("id").asText()).isEqualTo(runner);
    assertThat(body.get("runners").get(0).get("models").toString()).isEqualTo("[\"demo\"]");
  }

  @Test
  void status_saysWhatIsLeftOfMyQuotas() {
    api.post("/api/jobs", "{\"prompt\":\"three images\",\"count\":3}");

    JsonNode quota = api.get("/api/status").json().get("quota");

    assertThat(quota.get("unfinished").asLong()).isEqualTo(1);
    assertThat(quota.get("maxUnfinished").asInt()).isEqualTo(200);
    assertThat(quota.get("imagesToday").asLong()).isEqualTo(3);
    assertThat(quota.get("imagesPerDay").asInt()).isEqualTo(2000);
  }

  @Test
  void status_whenNoRunnerSeenRecently_saysAsleep() {
    runners.save(new KnownRunner("old-" + UUID.randomUUID(), Instant.now(clock), "demo", "CPU"));
    clock.advance(Duration.ofMinutes(10));
    api.post("/api/jobs", "{\"prompt\":\"waiting\"}");

    JsonNode body = api.get("/api/status").json();

    assertThat(body.get("runnerAwake").asBoolean()).isFalse();
    assertThat(body.get("runners")).isEmpty();
    assertThat(body.get("queued").asLong()).isEqualTo(1);
  }
}
