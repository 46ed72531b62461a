package io.goldpan.local;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.options.AriaRole;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gallery in a real headless Chromium at a phone's viewport, against the whole embedded stack
 * with a demo-model runner: sign in, fan out three styles, watch the images arrive, keep one,
 * filter to the kept, share it, and open the share in a fresh browser that sees only that image.
 */
class GalleryBrowserIT {
  static final Path SCREENSHOTS = PhoneBrowser.SCREENSHOTS;
  static final double PAINT_TIMEOUT_MS = 90_000;
  static final Pattern IMAGE_KEY = Pattern.compile("images/([0-9a-f-]{36})/(\\d+)\\.png");

  @TempDir static Path dataDir;
  static PhoneBrowser phones;
  static GoldpanLocal local;

  @BeforeAll
  static void start() throws Exception {
    phones = PhoneBrowser.start(dataDir, Map.of(), Map.of("goldpan.sweeper.interval", "1s"));
    local = phones.local;
  }

  @AfterAll
  static void stop() {
    if (phones != null) {
      phones.close();
    }
  }

  static BrowserContext phone() {
    return phones.phone();
  }

  @Test
  void signIn_fanOutThreeStyles_keepOne_filterKept_shareIt_andTheShareShowsOnlyThatImage() {
    String base = local.apiUrl().toString();
    String shareUrl;
    String keptImage;
    try (BrowserContext context = phone()) {
      Page page = context.newPage();

      page.navigate(base + "/app");
      assertThat(page).hasURL(base + "/login");
      page.getByLabel("API key").fill(local.apiKey());
      page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in")).click();
      assertThat(page).hasURL(base + "/app");

      page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("New").setExact(true))
          .click();
      page.getByLabel("Prompt", new Page.GetByLabelOptions().setExact(true))
          .fill("a lighthouse at dusk");
      page.getByLabel("ukiyo-e").check();
      page.getByLabel("painting by Monet").check();
      page.getByLabel("cctv footage").check();
      assertThat(page.locator("#jobcount")).hasText("3 jobs");
      page.locator("label[for=count-other]").click();
      page.getByLabel("Other count (1 to 40)").fill("2");
      page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("submit.png")));
      page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Paint")).click();

      assertThat(page).hasURL(Pattern.compile(".*/app/groups/[0-9a-f-]{36}$"));
      assertThat(page.locator("table.grid tbody tr")).hasCount(3);
      Locator images = page.locator("table.grid td.cell img");
      assertThat(images)
          .hasCount(6, new LocatorAssertions.HasCountOptions().setTimeout(PAINT_TIMEOUT_MS));
      page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("group.png")));

      Locator first = page.locator("table.grid td.cell").first();
      keptImage = imageKey(first.locator("a:has(img)").getAttribute("href"));
      first
          .getByRole(
              AriaRole.BUTTON,
              new Locator.GetByRoleOptions().setName(Pattern.compile("^Keep seed \\d+$")))
          .click();
      assertThat(page.locator("table.grid td.kept")).hasCount(1);

      page.navigate(base + "/app?show=kept");
      Locator kept = page.locator("ul.jobs li.image");
      assertThat(kept).hasCount(1);
      assertThat(imageKey(kept.locator("a").getAttribute("href"))).isEqualTo(keptImage);
      page.screenshot(
          new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("gallery-kept.png")));

      kept.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Share")).click();
      assertThat(
              page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Share link")))
          .isVisible();
      shareUrl = page.locator("#share-url").inputValue();
      assertThat(shareUrl).startsWith(base + "/s/");
    }

    try (BrowserContext stranger = phone()) {
      Page page = stranger.newPage();
      page.navigate(shareUrl);
      Locator shown = page.locator("li.image a");
      assertThat(shown).hasCount(1);
      assertThat(imageKey(shown.getAttribute("href"))).isEqualTo(keptImage);
      assertThat(shown.locator("img"))
          .hasAttribute("alt", Pattern.compile("a lighthouse at dusk.*"));
      page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("shared.png")));

      page.navigate(base + "/app");
      assertThat(page).hasURL(base + "/login");
    }
  }

  static String imageKey(String url) {
    Matcher m = IMAGE_KEY.matcher(url);
    assertThat(m.find()).as(url).isTrue();
    return m.group(1) + "/" + m.group(2);
  }
}
