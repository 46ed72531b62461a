package io.goldpan.local;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.options.AriaRole;
import io.goldpan.functions.gallery.GallerySubmit;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Image to image through the whole embedded stack: the runner serves the tiny fixture model (whose
 * export has a VAE encoder) and says so in its heartbeat; a job starting from an image its owner
 * painted reads that image from the bucket and runs only the steps its strength leaves. Another
 * owner naming that image gets a 404 and nothing is stored or sent; the demo model, which cannot
 * vary, is a 400.
 */
class ImageToImageJobIT {
  static final Path TINY_SD = TinySdStack.TINY_SD;
  static final Duration TIMEOUT = Duration.ofSeconds(120);

  @TempDir static Path dataDir;
  static GoldpanLocal local;
  static Api api;

  @BeforeAll
  static void start() {
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
  void jobFromAnOwnStoredImage_runsTheStepsItsStrengthLeaves_andAnotherOwnerGetsA404()
      throws Exception {
    Api.Response source =
        TinySdStack.submitOnceTheModelIsAnnounced(
            api,
            "{\"prompt\":\"a gnome\",\"model\":\"tiny-sd\",\"count\":2,\"seed\":5,\"steps\":2,"
                + "\"width\":256,\"height\":256}",
            TIMEOUT);
    assertThat(source.status()).as(source.body()).isEqualTo(202);
    String sourceId = source.json().path("id").asText();
    assertThat(awaitEnd(sourceId, ConcurrentHashMap.newKeySet()).path("status").asText())
        .isEqualTo("SUCCEEDED");

    String vary =
        "{\"prompt\":\"a gnome in"
            + " winter\",\"model\":\"tiny-sd\",\"count\":2,\"seed\":9,\"steps\":4,"
            + "\"width\":256,\"height\":256,\"scheduler\":\"euler_a\",\"strength\":0.5,"
            + "\"init\":{\"jobId\":\""
            + sourceId
            + "\",\"index\":1}}";
    Api friend = api.as(LocalFunctions.createApiKey(local.functions(), "friend"));
    Api.Response notTheirs = friend.post("/api/jobs", vary);
    assertThat(notTheirs.status()).as(notTheirs.body()).isEqualTo(404);
    assertThat(friend.get("/api/jobs").json().path("jobs")).isEmpty();
    int before = api.get("/api/jobs?limit=100").json().path("jobs").size();
    Api.Response demo = api.post("/api/jobs", vary.replace("\"tiny-sd\"", "\"demo\""));
    assertThat(demo.status()).as(demo.body()).isEqualTo(400);
    assertThat(demo.json().path("fields").get(0).path("message").asText())
        .isEqualTo("model demo cannot vary images: its export has no vae_encoder");
    assertThat(api.get("/api/jobs?limit=100").json().path("jobs")).hasSize(before);

    Api.Response submitted = api.post("/api/jobs", vary);
    assertThat(submitted.status()).as(submitted.body()).isEqualTo(202);
    Set<String> progressSeen = ConcurrentHashMap.newKeySet();
    JsonNode job = awaitEnd(submitted.json().path("id").asText(), progressSeen);

    assertThat(job.path("status").asText()).as(job.toString()).isEqualTo("SUCCEEDED");
    assertThat(job.path("init").path("jobId").asText()).isEqualTo(sourceId);
    assertThat(job.path("strength").asDouble()).isEqualTo(0.5);
    // int(4 x 0.5) = 2 of the 4 steps run, for each of the 2 images
    assertThat(progressSeen).contains("4/4").allMatch(p -> p.endsWith("/4"));
    assertThat(job.path("images")).hasSize(2);
    byte[] png = Api.fetch(job.path("images").get(0).path("url").asText());
    BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(png));
    assertThat(decoded.getWidth()).isEqualTo(256);
    assertThat(PngChunks.texts(png).get("parameters"))
        .isEqualTo(
            "a gnome in winter\nSteps: 4, Sampler: Euler a, CFG scale: 7.5, Seed: 9, Size:"
                + " 256x256, Model: tiny-sd, Denoising strength: 0.5");
  }

  /**
   * Vary on a phone, as a person does it: open the second picture of a job in the viewer, tap "Vary
   * (strong)", and land on a new group that shows that picture first and paints four new images
   * from it; the page passes the accessibility and tap-size checks while it paints and once it is
   * done.
   */
  @Test
  void varyStrong_fromThePhonesViewer_paintsFourNewImagesFromThatPicture_shownAfterIt()
      throws Exception {
    Api.Response source =
        TinySdStack.submitOnceTheModelIsAnnounced(
            api,
            "{\"prompt\":\"a lighthouse\",\"model\":\"tiny-sd\",\"count\":2,\"seed\":3,"
                + "\"steps\":2,\"width\":256,\"height\":256}",
            TIMEOUT);
    assertThat(source.status()).as(source.body()).isEqualTo(202);
    String sourceId = source.json().path("id").asText();
    assertThat(awaitEnd(sourceId, ConcurrentHashMap.newKeySet()).path("status").asText())
        .isEqualTo("SUCCEEDED");

    try (PhoneBrowser phones = PhoneBrowser.on(local);
        BrowserContext context = phones.phone()) {
      Page page = phones.signIn(context);
      page.navigate(phones.base() + "/app/jobs/" + sourceId);
      page.locator("li.image a.thumb").nth(1).click();
      Locator viewer = page.getByRole(AriaRole.DIALOG);
      viewer
          .getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Vary (strong)"))
          .tap();

      assertThat(page).hasURL(Pattern.compile(".*/app/groups/[0-9a-f-]{36}$"));
      Locator first = page.locator("figure.source");
      assertThat(first.locator("figcaption")).hasText("Source");
      assertThat(first.locator("a")).hasAttribute("href", "/app/jobs/" + sourceId);
      assertThat(first.locator("img")).hasAttribute("alt", "a lighthouse (image 2 of 2)");
      PhoneBrowser.assertUsable(page);
      Locator painted = page.locator("table.grid td img");
      assertThat(painted)
          .hasCount(
              GallerySubmit.VARY_COUNT,
              new LocatorAssertions.HasCountOptions().setTimeout(120_000));
      PhoneBrowser.assertUsable(page);
      PhoneBrowser.screenshot(page, "vary-group.png");
    }
    JsonNode varied =
        api.get("/api/jobs?limit=100").json().path("jobs").findParents("init").stream()
            .filter(j -> sourceId.equals(j.path("init").path("jobId").asText()))
            .filter(j -> j.path("strength").asDouble() == 0.7)
            .findFirst()
            .orElseThrow();
    assertThat(varied.path("init").path("index").asInt()).isEqualTo(1);
    assertThat(varied.path("prompt").asText()).isEqualTo("a lighthouse");
    assertThat(varied.path("status").asText()).isEqualTo("SUCCEEDED");
  }

  private static JsonNode awaitEnd(String id, Set<String> progressSeen) {
    return api.awaitJson(
        "/api/jobs/" + id,
        j -> {
          JsonNode progress = j.path("progress");
          if (progress.isObject()) {
            progressSeen.add(progress.path("step").asInt() + "/" + progress.path("total").asInt());
          }
          return Set.of("SUCCEEDED", "FAILED", "CANCELLED", "EXPIRED")
              .contains(j.path("status").asText());
        },
        TIMEOUT);
  }
}
