package io.goldpan.functions.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.goldpan.functions.auth.ApiKeys;
import io.goldpan.functions.runners.KnownRunner;
import io.goldpan.functions.runners.RunnerRepository;
import io.goldpan.functions.support.Http;
import io.goldpan.functions.support.RecordingJobQueue;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A job may name a configured model or one a runner reported in a recent heartbeat. */
@MicronautTest(transactional = false)
class JobModelTest {
  @Inject EmbeddedServer server;
  @Inject ApiKeys apiKeys;
  @Inject RecordingJobQueue queue;
  @Inject RunnerRepository runners;

  Http api;
  String fresh;
  String stale;

  @BeforeEach
  void setUp() {
    queue.failSends(false);
    api = new Http(server.getURI(), apiKeys.create("owner-" + UUID.randomUUID()));
    fresh = "sd-turbo-" + UUID.randomUUID().toString().substring(0, 8);
    stale = "old-" + UUID.randomUUID().toString().substring(0, 8);
    runners.save(
        new KnownRunner("runner-" + UUID.randomUUID(), Instant.now(), "demo," + fresh, "CPU"));
    runners.save(
        new KnownRunner(
            "runner-" + UUID.randomUUID(), Instant.now().minus(Duration.ofHours(1)), stale, "CPU"));
  }

  @Test
  void submit_withAModelARunnerReportedRecently_isAccepted() {
    Http.Response response =
        api.post("/api/jobs", "{\"prompt\":\"a gnome\",\"model\":\"" + fresh + "\"}");

    assertThat(response.status()).isEqualTo(202);
    String id = response.json().get("id").asText();
    assertThat(response.json().get("model").asText()).isEqualTo(fresh);
    assertThat(queue.sentFor(id))
        .singleElement()
        .satisfies(job -> assertThat(job.parameters().model()).isEqualTo(fresh));
  }

  @Test
  void submit_withAModelOnlyAStaleRunnerHas_returns400ListingTheAvailableModels() {
    Http.Response response =
        api.post("/api/jobs", "{\"prompt\":\"a gnome\",\"model\":\"" + stale + "\"}");

    assertThat(response.status()).isEqualTo(400);
    JsonNode field = response.json().get("fields").get(0);
    assertThat(field.get("field").asText()).isEqualTo("model");
    String message = field.get("message").asText();
    assertThat(message).startsWith("unknown model \"" + stale + "\"; available: demo, ");
    assertThat(
            message.substring(message.indexOf("available: ") + "available: ".length()).split(", "))
        .startsWith("demo")
        .contains(fresh)
        .doesNotContain(stale);
  }
}
