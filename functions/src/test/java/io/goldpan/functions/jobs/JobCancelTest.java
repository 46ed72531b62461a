package io.goldpan.functions.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.goldpan.contract.ImageResult;
import io.goldpan.contract.RunnerEvent;
import io.goldpan.contract.StorageKeys;
import io.goldpan.contract.Timings;
import io.goldpan.functions.auth.ApiKeys;
import io.goldpan.functions.events.JobEvents;
import io.goldpan.functions.support.Http;
import io.goldpan.functions.support.RecordingCancelMarkers;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@MicronautTest(transactional = false)
class JobCancelTest {
  @Inject EmbeddedServer server;
  @Inject ApiKeys apiKeys;
  @Inject RecordingCancelMarkers markers;
  @Inject JobEvents events;

  Http api;

  @BeforeEach
  void setUp() {
    api = new Http(server.getURI(), apiKeys.create("canceller-" + UUID.randomUUID()));
  }

  @Test
  void cancel_whenQueued_marksCancelled_andWritesTheMarker() {
    String id = submit();

    Http.Response response = api.delete("/api/jobs/" + id);

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.json().get("status").asText()).isEqualTo("CANCELLED");
    assertThat(response.json().get("finishedAt").isNull()).isFalse();
    assertThat(markers.written()).contains(id);
    assertThat(api.get("/api/jobs/" + id).json().get("status").asText()).isEqualTo("CANCELLED");
  }

  @Test
  void cancel_whenRunning_marksCancelled_andALateSuccessCannotReviveIt() {
    String id = submit();
    events.apply(RunnerEvent.started(id, "runner-1", Instant.now()));

    assertThat(api.delete("/api/jobs/" + id).status()).isEqualTo(200);
    events.apply(
        RunnerEvent.succeeded(
            id,
            "runner-1",
            Instant.now(),
            List.of(new ImageResult(0, 1, StorageKeys.image(id, 0), null, 512, 512)),
            new Timings(1, 2, 3, 6)));

    var view = api.get("/api/jobs/" + id).json();
    assertThat(view.get("status").asText()).isEqualTo("CANCELLED");
    assertThat(view.get("images")).isEmpty();
  }

  @Test
  void cancel_whenAlreadyTerminal_returns409NamingTheStatus() {
    String id = submit();
    events.apply(
        RunnerEvent.succeeded(
            id,
            "runner-1",
            Instant.now(),
            List.of(new ImageResult(0, 1, StorageKeys.image(id, 0), null, 512, 512)),
            new Timings(1, 2, 3, 6)));

    Http.Response response = api.delete("/api/jobs/" + id);

    assertThat(response.status()).isEqualTo(409);
    assertThat(response.json().get("error").asText()).isEqualTo("conflict");
    assertThat(response.json().get("message").asText()).isEqualTo("job is already SUCCEEDED");
    assertThat(markers.written()).doesNotContain(id);
  }

  @Test
  void cancel_ofUnknownOrMalformedId_returns404() {
    assertThat(api.delete("/api/jobs/" + UUID.randomUUID()).status()).isEqualTo(404);
    assertThat(api.delete("/api/jobs/..%2Fetc").status()).isEqualTo(404);
  }

  @Test
  void get_afterSuccess_showsImagesWithFreshSignedUrlsAndTimings() {
    String id = submit();
    events.apply(RunnerEvent.progress(id, "runner-1", Instant.now(), 3, 8));
    assertThat(api.get("/api/jobs/" + id).json().get("progress").get("step").asInt()).isEqualTo(3);

    events.apply(
        RunnerEvent.succeeded(
            id,
            "runner-1",
            Instant.now(),
            List.of(
                new ImageResult(
                    1, 8, StorageKeys.image(id, 1), StorageKeys.thumbnail(id, 1), 512, 512),
                new ImageResult(0, 7, StorageKeys.image(id, 0), null, 512, 512)),
            new Timings(10, 20, 30, 60)));

    var view = api.get("/api/jobs/" + id).json();
    assertThat(view.get("status").asText()).isEqualTo("SUCCEEDED");
    assertThat(view.get("timings").get("totalMs").asLong()).isEqualTo(60);
    assertThat(view.get("images")).hasSize(2);
    assertThat(view.get("images").get(0).get("index").asInt()).isEqualTo(0);
    assertThat(view.get("images").get(0).get("url").asText())
        .isEqualTo("https://signed.example/images/" + id + "/0.png?sig=test");
    assertThat(view.get("images").get(0).get("thumbUrl").isNull()).isTrue();
    assertThat(view.get("images").get(1).get("thumbUrl").asText())
        .isEqualTo("https://signed.example/thumbs/" + id + "/1.jpg?sig=test");
  }

  @Test
  void get_whileRunning_listsTheImagesStoredSoFar_withSignedUrls() {
    String id = submit();
    events.apply(RunnerEvent.started(id, "runner-1", Instant.now()));
    events.apply(
        RunnerEvent.progress(
            id,
            "runner-1",
            Instant.now(),
            20,
            80,
            List.of(
                new ImageResult(
                    0, 7, StorageKeys.image(id, 0), StorageKeys.thumbnail(id, 0), 512, 512))));

    var view = api.get("/api/jobs/" + id).json();
    assertThat(view.get("status").asText()).isEqualTo("RUNNING");
    assertThat(view.get("progress").get("step").asInt()).isEqualTo(20);
    assertThat(view.get("images")).hasSize(1);
    assertThat(view.get("images").get(0).get("index").asInt()).isZero();
    assertThat(view.get("images").get(0).get("thumbUrl").asText())
        .isEqualTo("https://signed.example/thumbs/" + id + "/0.jpg?sig=test");
  }

  private String submit() {
    return api.post("/api/jobs", "{\"prompt\":\"cancel me\"}").json().get("id").asText();
  }
}
