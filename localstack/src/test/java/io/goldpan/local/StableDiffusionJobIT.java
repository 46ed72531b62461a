package io.goldpan.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Stable Diffusion job through the whole embedded stack: a runner serving the tiny fixture model
 * (a test resource of gpu-runner, not copied here) announces it in its heartbeat, the API accepts
 * jobs naming it, and the job reports step progress and ends with PNGs.
 */
class StableDiffusionJobIT {
  static final Path TINY_SD = TinySdStack.TINY_SD;
  static final Duration TIMEOUT = Duration.ofSeconds(90);

  @TempDir static Path dataDir;
  static GoldpanLocal local;
  static Api api;

  @BeforeAll
  static void start() {
    assertThat(Files.isRegularFile(TINY_SD.resolve("model_index.json")))
        .as("fixture model at " + TINY_SD)
        .isTrue();
    local = TinySdStack.start(dataDir, "sd-runner", Map.of());
    api = new Api(local.apiUrl(), local.apiKey());
  }

  @AfterAll
  static void stop() {
    if (local != null) {
      local.close();
    }
  }

  @Test
  void jobNamingTheRunnersModel_reportsStepProgress_andSucceedsWithPngs() throws Exception {
    String body =
        "{\"prompt\":\"a gnome\",\"negativePrompt\":\"blurry\",\"model\":\"tiny-sd\",\"count\":2,"
            + "\"seed\":5,\"steps\":4,\"guidance\":7.5,\"width\":256,\"height\":256,\"scheduler\":\"euler_a\"}";
    Api.Response submitted = TinySdStack.submitOnceTheModelIsAnnounced(api, body, TIMEOUT);
    assertThat(submitted.status()).as(submitted.body()).isEqualTo(202);
    String id = submitted.json().path("id").asText();

    Set<String> progressSeen = ConcurrentHashMap.newKeySet();
    JsonNode job =
        api.awaitJson(
            "/api/jobs/" + id,
            j -> {
              JsonNode progress = j.path("progress");
              if (progress.isObject()) {
                progressSeen.add(
                    progress.path("step").asInt() + "/" + progress.path("total").asInt());
              }
              return Set.of("SUCCEEDED", "FAILED", "CANCELLED", "EXPIRED")
                  .contains(j.path("status").asText());
            },
            TIMEOUT);

    assertThat(job.path("status").asText()).as(job.toString()).isEqualTo("SUCCEEDED");
    assertThat(progressSeen).contains("8/8").allMatch(p -> p.endsWith("/8"));
    assertThat(job.path("images")).hasSize(2);
    for (JsonNode image : job.path("images")) {
      int index = image.path("index").asInt();
      byte[] png = Api.fetch(image.path("url").asText());
      BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(png));
      assertThat(decoded.getWidth()).isEqualTo(256);
      assertThat(PngChunks.texts(png).get("parameters"))
          .isEqualTo(
              "a gnome\nNegative prompt: blurry\nSteps: 4, Sampler: Euler a, CFG scale: 7.5, Seed: "
                  + (5 + index)
                  + ", Size: 256x256, Model: tiny-sd");
    }
  }
}
