package io.goldpan.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.goldpan.runner.provenance.EmbeddedXmp;
import io.goldpan.runner.provenance.InvisibleMark;
import io.goldpan.runner.provenance.Xmp;
import io.goldpan.runner.provenance.XmpFacts;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The first whole slice, as a person uses it: submit from a phone with curl, a runner paints,
 * signed links serve the PNGs. Everything runs in this JVM on the embedded emulators.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EmbeddedEndToEndIT {
  static final Duration PAINT_TIMEOUT = Duration.ofSeconds(60);
  static final String PROMPT = "cctv footage of a gnome in a corner shop";

  @TempDir static Path dataDir;
  static GoldpanLocal local;
  static Api api;
  static String jobId;

  @BeforeAll
  static void start() {
    local = startLocal(true);
    api = new Api(local.apiUrl(), local.apiKey());
  }

  @AfterAll
  static void stop() {
    if (local != null) {
      local.close();
    }
  }

  static GoldpanLocal startLocal(boolean runner) {
    LocalOptions options = TestStacks.onFreePorts(dataDir, runner);
    return GoldpanLocal.start(options, Map.of(), Map.of("goldpan.sweeper.interval", "1s"));
  }

  @Test
  @Order(1)
  void submit_thenRunnerPaints_andSignedLinksServePngsWithParameters() throws Exception {
    Api.Response submitted = api.post("/api/jobs", "{\"prompt\":\"" + PROMPT + "\",\"count\":4}");

    assertThat(submitted.status()).as(submitted.body()).isEqualTo(202);
    JsonNode accepted = submitted.json();
    assertThat(accepted.path("status").asText()).isEqualTo("QUEUED");
    jobId = accepted.path("id").asText();
    assertThat(submitted.location()).endsWith("/api/jobs/" + jobId);

    JsonNode job =
        api.awaitJson(
            "/api/jobs/" + jobId, j -> isTerminal(j.path("status").asText()), PAINT_TIMEOUT);
    assertThat(job.path("status").asText()).as(job.toString()).isEqualTo("SUCCEEDED");
    long seed = job.path("seed").asLong();
    assertThat(job.path("images")).hasSize(4);
    for (JsonNode image : job.path("images")) {
      int index = image.path("index").asInt();
      assertThat(image.path("seed").asLong()).isEqualTo(seed + index);
      byte[] png = Api.fetch(image.path("url").asText());
      assertThat(PngChunks.isPng(png)).as("image %d is a PNG", index).isTrue();
      BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(png));
      assertThat(decoded.getWidth()).isEqualTo(512);
      assertThat(decoded.getHeight()).isEqualTo(512);
      assertThat(PngChunks.texts(png).get("parameters"))
          .contains(PROMPT)
          .contains("Seed: " + (seed + index))
          .contains("Steps: ")
          .contains("Size: 512x512")
          .contains("Model: demo");
      // Provenance survives the trip through storage: the XMP and the invisible mark.
      assertThat(EmbeddedXmp.read(png).map(Xmp::read).map(XmpFacts::model)).contains("demo");
      assertThat(InvisibleMark.read(decoded).present())
          .as("image %d carries the mark", index)
          .isTrue();
      byte[] thumb = Api.fetch(image.path("thumbUrl").asText());
      assertThat(EmbeddedXmp.read(thumb).map(Xmp::read).map(XmpFacts::madeByAModel))
          .as("thumbnail %d says a model made it", index)
          .contains(true);
    }
  }

  @Test
  @Order(2)
  void signedLink_withOneCharacterChanged_is403() {
    String url = firstImageUrl();
    char last = url.charAt(url.length() - 1);
    String tampered = url.substring(0, url.length() - 1) + (last == 'a' ? 'b' : 'a');

    assertThat(Api.rawGet(url).statusCode()).isEqualTo(200);
    assertThat(Api.rawGet(tampered).statusCode()).isEqualTo(403);
    assertThat(Api.rawGet(url.substring(0, url.indexOf('?'))).statusCode()).isEqualTo(403);
  }

  @Test
  @Order(2)
  void everyApiRoute_withoutOrWithAWrongKey_is401_butHealthIsOpen() {
    Api anonymous = api.as(null);
    Api wrong = api.as("gp_nope_nope");

    assertThat(anonymous.get("/health").status()).isEqualTo(200);
    for (Api caller : List.of(anonymous, wrong)) {
      assertThat(caller.get("/api/jobs").status()).isEqualTo(401);
      assertThat(caller.get("/api/jobs/" + jobId).status()).isEqualTo(401);
      assertThat(caller.post("/api/jobs", "{\"prompt\":\"x\"}").status()).isEqualTo(401);
      assertThat(caller.delete("/api/jobs/" + jobId).status()).isEqualTo(401);
    }
  }

  @Test
  @Order(2)
  void anotherOwner_seesNoneOfMyJobs() {
    Api friend = api.as(LocalFunctions.createApiKey(local.functions(), "friend"));

    assertThat(friend.get("/api/jobs/" + jobId).status()).isEqualTo(404);
    assertThat(friend.delete("/api/jobs/" + jobId).status()).isEqualTo(404);
    assertThat(friend.get("/api/jobs").json().path("jobs")).isEmpty();
    assertThat(api.get("/api/jobs").json().path("jobs"))
        .extracting(j -> j.path("id").asText())
        .contains(jobId);
  }

  @Test
  @Order(2)
  void badInput_is400NamingTheField_andEnqueuesNothing() {
    int before = api.get("/api/jobs?limit=100").json().path("jobs").size();

    Api.Response tooMany = api.post("/api/jobs", "{\"prompt\":\"a cat\",\"count\":17}");
    Api.Response notJson = api.post("/api/jobs", "{\"prompt\":");
    Api.Response badSize = api.post("/api/jobs", "{\"prompt\":\"a cat\",\"width\":500}");

    assertThat(tooMany.status()).isEqualTo(400);
    assertThat(tooMany.json().path("fields").findValuesAsText("field")).containsExactly("count");
    assertThat(notJson.status()).isEqualTo(400);
    assertThat(badSize.status()).isEqualTo(400);
    assertThat(badSize.json().path("fields").findValuesAsText("field")).containsExactly("width");
    assertThat(api.get("/api/jobs?limit=100").json().path("jobs")).hasSize(before);
  }

  @Test
  @Order(2)
  void cancellingAFinishedJob_isAConflict() {
    Api.Response r = api.delete("/api/jobs/" + jobId);

    assertThat(r.status()).isEqualTo(409);
    assertThat(api.get("/api/jobs/" + jobId).json().path("status").asText()).isEqualTo("SUCCEEDED");
  }

  @Test
  @Order(3)
  void runnerEnvFile_letsASeparateRunnerJoin() throws Exception {
    Map<String, String> vars = LocalRunners.readEnvFile(local.runnerEnv());
    assertThat(vars)
        .containsKeys(
            "GOLDPAN_SQS_ENDPOINT",
            "GOLDPAN_S3_ENDPOINT",
            "AWS_ACCESS_KEY_ID",
            "AWS_SECRET_ACCESS_KEY",
            "GOLDPAN_JOBS_QUEUE",
            "GOLDPAN_EVENTS_QUEUE",
            "GOLDPAN_BUCKET");

    local.close();
    local = startLocal(false);
    api = new Api(local.apiUrl(), local.apiKey());
    Api.Response submitted = api.post("/api/jobs", "{\"prompt\":\"one more\",\"count\":2}");
    String id = submitted.json().path("id").asText();
    try (var runner = LocalRunners.fromEnvFile(local.runnerEnv(), "separate-runner")) {
      JsonNode job =
          api.awaitJson(
              "/api/jobs/" + id, j -> isTerminal(j.path("status").asText()), PAINT_TIMEOUT);
      assertThat(job.path("status").asText()).as(job.toString()).isEqualTo("SUCCEEDED");
      assertThat(job.path("images")).hasSize(2);
    }
  }

  @Test
  @Order(4)
  void restartWithTheSameDataDir_keepsKeyJobsAndImages() {
    String key = local.apiKey();
    local.close();

    local = startLocal(false);
    api = new Api(local.apiUrl(), local.apiKey());

    assertThat(local.apiKey()).isEqualTo(key);
    JsonNode job = api.get("/api/jobs/" + jobId).json();
    assertThat(job.path("status").asText()).isEqualTo("SUCCEEDED");
    assertThat(Api.rawGet(job.path("images").get(0).path("url").asText()).statusCode())
        .isEqualTo(200);
  }

  private static String firstImageUrl() {
    return api.get("/api/jobs/" + jobId).json().path("images").get(0).path("url").asText();
  }

  private static boolean isTerminal(String status) {
    return Set.of("SUCCEEDED", "FAILED", "CANCELLED", "EXPIRED").contains(status);
  }

  @Test
  @Order(1) // while this stack has its runner
  void submitRetriedWithTheSameIdempotencyKey_paintsOneJob() {
    String key = java.util.UUID.randomUUID().toString();
    String body = "{\"prompt\":\"a retried gnome\",\"count\":2}";

    Api.Response first = api.post("/api/jobs", body, key);
    Api.Response retry = api.post("/api/jobs", body, key);

    assertThat(first.status()).as(first.body()).isEqualTo(202);
    assertThat(retry.status()).as(retry.body()).isEqualTo(202);
    String id = first.json().path("id").asText();
    assertThat(retry.json().path("id").asText()).isEqualTo(id);
    JsonNode job =
        api.awaitJson("/api/jobs/" + id, j -> isTerminal(j.path("status").asText()), PAINT_TIMEOUT);
    assertThat(job.path("status").asText()).isEqualTo("SUCCEEDED");
    JsonNode mine = api.get("/api/jobs?limit=50").json().path("jobs");
    long copies = 0;
    for (JsonNode j : mine) {
      if (j.path("prompt").asText().equals("a retried gnome")) {
        copies++;
      }
    }
    assertThat(copies).isEqualTo(1);
  }
}
