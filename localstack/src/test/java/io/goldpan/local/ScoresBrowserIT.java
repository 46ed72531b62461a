package io.goldpan.local;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scores end to end: goldpan-local's runner with the tiny fixture scorer (a test resource of
 * gpu-runner) scores every picture it paints, the API returns the scores, and on a phone the job
 * page puts the best first, folds the bottom half away until "Show the rest" is tapped, and the
 * viewer steps through them in that order.
 */
class ScoresBrowserIT {
  static final Path TINY_CLIP =
      Path.of("../gpu-runner/src/test/resources/scorer/tiny-clip").toAbsolutePath().normalize();
  static final int COUNT = 6;

  @TempDir static Path dataDir;
  static PhoneBrowser phones;

  @BeforeAll
  static void start() throws Exception {
    assertThat(Files.isRegularFile(TINY_CLIP.resolve("aesthetic.onnx")))
        .as("fixture scorer at " + TINY_CLIP)
        .isTrue();
    phones =
        PhoneBrowser.start(
            dataDir,
            Map.of("GOLDPAN_SCORER", TINY_CLIP.toString()),
            Map.of("goldpan.sweeper.interval", "1s"));
  }

  @AfterAll
  static void stop() {
    if (phones != null) {
      phones.close();
    }
  }

  @Test
  void scoredJob_comesBackWithScores_andItsPageSortsBestFirst_foldingTheRest() {
    Api api = new Api(phones.local.apiUrl(), phones.local.apiKey());
    Api.Response submitted =
        api.post("/api/jobs", "{\"prompt\":\"a fox in the snow\",\"count\":" + COUNT + "}");
    assertThat(submitted.status()).as(submitted.body()).isEqualTo(202);
    String job = submitted.json().path("id").asText();
    JsonNode done =
        api.awaitJson(
            "/api/jobs/" + job,
            j -> "SUCCEEDED".equals(j.path("status").asText()),
            Duration.ofSeconds(90));

    List<JsonNode> images = new ArrayList<>();
    done.path("images").forEach(images::add);
    assertThat(images).hasSize(COUNT);
    assertThat(images)
        .allSatisfy(
            i -> {
              assertThat(i.path("scores").path("aesthetic").isNumber()).as(i.toString()).isTrue();
              assertThat(i.path("scores").path("promptMatch").asDouble()).isBetween(0.0, 100.0);
            });
    List<String> best =
        images.stream()
            .sorted(
                Comparator.comparingDouble(
                        (JsonNode i) -> i.path("scores").path("aesthetic").asDouble())
                    .thenComparingDouble(i -> i.path("scores").path("promptMatch").asDouble())
                    .reversed())
            .map(i -> job + "/" + i.path("index").asInt())
            .toList();
    assertThat(images)
        .extracting(i -> i.path("scores").path("aesthetic").asDouble())
        .as("the scores tell the pictures apart")
        .doesNotHaveDuplicates();

    try (BrowserContext context = phones.phone()) {
      Page page = phones.signIn(context);
      page.navigate(phones.base() + "/app/jobs/" + job);
      Locator items = page.locator("li.image");
      assertThat(items).hasCount(COUNT);
      assertThat(page.locator("li.image .score")).hasCount(COUNT);

      page.getByText("Best first").tap();
      assertThat(page.locator("nav.order a[aria-current=page]")).hasText("Best first");
      assertThat(items).hasCount(COUNT);
      assertThat(keys(items)).containsExactlyElementsOf(best);
      PhoneBrowser.assertUsable(page);

      page.getByText("Best 50 %").tap();
      Locator rest = page.locator("details.rest summary");
      assertThat(rest).hasText("Show the rest (3)");
      assertThat(page.locator("li.image:visible")).hasCount(COUNT / 2);
      assertThat(keys(page.locator("li.image")).subList(0, COUNT / 2))
          .containsExactlyElementsOf(best.subList(0, COUNT / 2));
      PhoneBrowser.assertUsable(page);
      PhoneBrowser.screenshot(page, "scores-best-half.png");

      rest.tap();
      assertThat(page.locator("li.image:visible")).hasCount(COUNT);
      assertThat(keys(items)).containsExactlyElementsOf(best);

      // the viewer opens on the best picture and counts in the page's order
      page.locator("li.image a.thumb").first().tap();
      Locator viewer = page.getByRole(AriaRole.DIALOG);
      assertThat(viewer).isVisible();
      assertThat(viewer.getByRole(AriaRole.HEADING)).hasText("Image 1 of " + COUNT);
      String bestIndex = best.get(0).substring(best.get(0).indexOf('/') + 1);
      assertThat(viewer.getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName("Reuse")))
          .hasAttribute("href", "/app/new?from=" + job + "&image=" + bestIndex);
    }
  }

  private static List<String> keys(Locator items) {
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < items.count(); i++) {
      keys.add(items.nth(i).getAttribute("data-key"));
    }
    return keys;
  }
}
