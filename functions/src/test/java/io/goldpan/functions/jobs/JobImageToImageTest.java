package io.goldpan.functions.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.goldpan.contract.ImageRef;
import io.goldpan.contract.JobMessage;
import io.goldpan.contract.StorageKeys;
import io.goldpan.functions.auth.ApiKeys;
import io.goldpan.functions.gallery.ImageMark;
import io.goldpan.functions.gallery.ImageMarkRepository;
import io.goldpan.functions.gallery.Mark;
import io.goldpan.functions.runners.KnownRunner;
import io.goldpan.functions.runners.RunnerRepository;
import io.goldpan.functions.support.Http;
import io.goldpan.functions.support.RecordingJobQueue;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A job may start from one of the owner's stored images ({@code init}) with a {@code strength}: the
 * message names that image's key; anyone else's image, or one no longer stored, is a 404 with
 * nothing stored or sent.
 */
@MicronautTest(transactional = false)
class JobImageToImageTest {
  @Inject EmbeddedServer server;
  @Inject ApiKeys apiKeys;
  @Inject RecordingJobQueue queue;
  @Inject JobRepository jobs;
  @Inject JobImageRepository images;
  @Inject ImageMarkRepository marks;
  @Inject RunnerRepository runners;

  String owner;
  Http api;
  String sourceJob;

  @BeforeEach
  void setUp() {
    queue.failSends(false);
    owner = "owner-" + UUID.randomUUID();
    api = new Http(server.getURI(), apiKeys.create(owner));
    sourceJob = storedJob(owner);
  }

  /** A finished job of {@code who} with two stored images. */
  private String storedJob(String who) {
    String id = UUID.randomUUID().toString();
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    jobs.save(
        new Job(
            id,
            who,
            JobStatus.SUCCEEDED,
            "a gnome",
            null,
            2,
            42,
            512,
            512,
            20,
            7.5,
            "demo",
            null,
            now,
            now,
            now,
            now,
            now,
            now.plusSeconds(3600),
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            "runner-1",
            null,
            null,
            null));
    for (int i = 0; i < 2; i++) {
      images.save(
          new JobImage(
              new JobImage.Key(id, i),
              42 + i,
              StorageKeys.image(id, i),
              StorageKeys.thumbnail(id, i),
              512,
              512,
              null,
              null));
    }
    return id;
  }

  private String body(String jobId, int index, String strength) {
    return "{\"prompt\":\"a gnome, in winter\",\"init\":{\"jobId\":\""
        + jobId
        + "\",\"index\":"
        + index
        + "}"
        + (strength == null ? "" : ",\"strength\":" + strength)
        + "}";
  }

  @Test
  void submit_fromOwnImage_sendsItsKeyAndStrength_andStoresThem() {
    Http.Response response = api.post("/api/jobs", body(sourceJob, 1, "0.35"));

    assertThat(response.status()).isEqualTo(202);
    String id = response.json().get("id").asText();
    assertThat(response.json().get("init").get("jobId").asText()).isEqualTo(sourceJob);
    assertThat(response.json().get("init").get("index").asInt()).isEqualTo(1);
    assertThat(response.json().get("strength").asDouble()).isEqualTo(0.35);
    assertThat(queue.sentFor(id))
        .singleElement()
        .satisfies(
            job -> {
              assertThat(job.parameters().init().key()).isEqualTo(StorageKeys.image(sourceJob, 1));
              assertThat(job.parameters().strength()).isEqualTo(0.35);
            });
    Job stored = jobs.findById(id).orElseThrow();
    assertThat(stored.initJobId()).isEqualTo(sourceJob);
    assertThat(stored.initIndex()).isEqualTo(1);
    assertThat(stored.strength()).isEqualTo(0.35);
    // the sweeper's re-send builds the same message from the row
    assertThat(JobSender.message(stored).parameters().init()).isEqualTo(new ImageRef(sourceJob, 1));
  }

  @Test
  void submit_fromOwnImage_withoutStrength_takesTheDefault() {
    Http.Response response = api.post("/api/jobs", body(sourceJob, 0, null));

    assertThat(response.status()).isEqualTo(202);
    Http.Response plain = api.post("/api/jobs", "{\"prompt\":\"a gnome\"}");
    assertThat(plain.json().has("init")).isFalse();
    assertThat(plain.json().has("strength")).isFalse();
    assertThat(queue.sentFor(response.json().get("id").asText()))
        .singleElement()
        .extracting((JobMessage m) -> m.parameters().strength())
        .isEqualTo(JobRequestParser.STRENGTH_DEFAULT);
  }

  @Test
  void submit_fromAnotherOwnersImage_isA404_withNothingStoredOrSent() {
    String theirs = storedJob("someone-else-" + UUID.randomUUID());
    assertNothingSentFor(body(theirs, 0, "0.5"), 404);
  }

  @Test
  void submit_fromAMissingOrPurgedImage_isA404_withNothingStoredOrSent() {
    assertNothingSentFor(body(sourceJob, 5, "0.5"), 404);
    assertNothingSentFor(body(UUID.randomUUID().toString(), 0, "0.5"), 404);
    marks.save(new ImageMark(new ImageMark.Key(sourceJob, 0), Mark.PURGED, Instant.now()));
    assertNothingSentFor(body(sourceJob, 0, "0.5"), 404);
  }

  @Test
  void submit_withAStrengthOutsideZeroToOne_isA400NamingTheFieldAndTheLimit() {
    for (String strength : List.of("0", "-0.1", "1.5", "\"half\"")) {
      JsonNode field = assertNothingSentFor(body(sourceJob, 0, strength), 400);
      assertThat(field.get("field").asText()).isEqualTo("strength");
      assertThat(field.get("message").asText())
          .isEqualTo("must be a number greater than 0 and at most 1");
    }
    JsonNode alone = assertNothingSentFor("{\"prompt\":\"a gnome\",\"strength\":0.5}", 400);
    assertThat(alone.get("field").asText()).isEqualTo("strength");
  }

  @Test
  void submit_withAnInitThatIsNotAnImageReference_isA400() {
    for (String init :
        List.of(
            "\"https://example.com/a.png\"",
            "{\"jobId\":\"../x\",\"index\":0}",
            "{\"jobId\":\"" + sourceJob + "\",\"index\":99}",
            "{\"jobId\":\"" + sourceJob + "\",\"index\":0,\"url\":\"x\"}")) {
      JsonNode field = assertNothingSentFor("{\"prompt\":\"a gnome\",\"init\":" + init + "}", 400);
      assertThat(field.get("field").asText()).isEqualTo("init");
    }
  }

  @Test
  void submit_forAModelRunnersSayCannotVary_isA400NamingIt() {
    String model = "plain-" + UUID.randomUUID().toString().substring(0, 8);
    String varying = "vary-" + UUID.randomUUID().toString().substring(0, 8);
    runners.save(
        new KnownRunner(
            "runner-" + UUID.randomUUID(), Instant.now(), model + "," + varying, "CPU", varying));

    JsonNode field =
        assertNothingSentFor(
            body(sourceJob, 0, "0.5")
                .replace("{\"prompt\"", "{\"model\":\"" + model + "\",\"prompt\""),
            400);

    assertThat(field.get("field").asText()).isEqualTo("model");
    assertThat(field.get("message").asText())
        .isEqualTo("model " + model + " cannot vary images: its export has no vae_encoder");
    Http.Response accepted =
        api.post(
            "/api/jobs",
            body(sourceJob, 0, "0.5")
                .replace("{\"prompt\"", "{\"model\":\"" + varying + "\",\"prompt\""));
    assertThat(accepted.status()).isEqualTo(202);
  }

  @Test
  void submit_withDecoderFast_forAModelRunnersSayHasNoTinyDecoder_isA400NamingIt() {
    String model = "plain-" + UUID.randomUUID().toString().substring(0, 8);
    String fast = "fast-" + UUID.randomUUID().toString().substring(0, 8);
    String unsaid = "unsaid-" + UUID.randomUUID().toString().substring(0, 8);
    runners.save(
        new KnownRunner(
            "runner-" + UUID.randomUUID(), Instant.now(), model + "," + fast, "CPU", null, fast));
    runners.save(new KnownRunner("runner-" + UUID.randomUUID(), Instant.now(), unsaid, "CPU"));

    JsonNode field =
        assertNothingSentFor(
            "{\"prompt\":\"a gnome\",\"model\":\"" + model + "\",\"decoder\":\"fast\"}", 400);

    assertThat(field.get("field").asText()).isEqualTo("decoder");
    assertThat(field.get("message").asText())
        .isEqualTo(
            "model "
                + model
                + " cannot decode fast: its export has no taesd_decoder (use decoder"
                + " full)");
    for (String accepted : List.of(fast, unsaid)) {
      Http.Response response =
          api.post(
              "/api/jobs",
              "{\"prompt\":\"a gnome\",\"model\":\"" + accepted + "\",\"decoder\":\"fast\"}");
      assertThat(response.status()).as(accepted).isEqualTo(202);
    }
    assertThat(
            api.post(
                    "/api/jobs",
                    "{\"prompt\":\"a gnome\",\"model\":\"" + model + "\",\"decoder\":\"full\"}")
                .status())
        .isEqualTo(202);
  }

  /** Posts {@code body}, expects {@code status} and that no job was stored or sent. */
  private JsonNode assertNothingSentFor(String body, int status) {
    int sentBefore = queue.sent().size();
    int storedBefore = jobs.findNewest(owner, 100).size();

    Http.Response response = api.post("/api/jobs", body);

    assertThat(response.status()).as(body).isEqualTo(status);
    assertThat(queue.sent()).hasSize(sentBefore);
    assertThat(jobs.findNewest(owner, 100)).hasSize(storedBefore);
    return status == 400 ? response.json().get("fields").get(0) : response.json();
  }
}
