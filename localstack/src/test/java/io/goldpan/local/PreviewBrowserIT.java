package io.goldpan.local;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.SelectOption;
import io.goldpan.runner.config.RunnerConfig;
import io.goldpan.testing.Await;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Stable Diffusion job's picture forms on its page while it paints: the tiny fixture model (a
 * test resource of gpu-runner, with a tiny TAESD decoder) sends previews, and the phone shows each
 * newer one in place of the image not yet painted, until the image itself replaces it.
 */
class PreviewBrowserIT {
  static final Path TINY_SD = TinySdStack.TINY_SD;
  static final double PAINT_TIMEOUT_MS = 120_000;

  /** True (in the page) once the preview's picture has loaded: a real JPEG, not a broken image. */
  static final String PREVIEW_LOADED =
      """
      () => {
        const img = document.querySelector('section[data-live] figure.preview img');
        return img !== null && img.complete && img.naturalWidth > 0;
      }
      """;

  /** True (in the page) once the preview shows another picture than the one given. */
  static final String NEWER_PREVIEW =
      """
      (first) => {
        const img = document.querySelector('section[data-live] figure.preview img');
        return img !== null && img.getAttribute('src') !== first && img.complete
          && img.naturalWidth > 0;
      }
      """;

  @TempDir static Path dataDir;
  static GoldpanLocal local;
  static PhoneBrowser phones;

  @BeforeAll
  static void start() throws Exception {
    PhoneBrowser.requireChromium();
    assertThat(Files.isRegularFile(TINY_SD.resolve("taesd_decoder/model.onnx")))
        .as("fixture TAESD decoder in " + TINY_SD)
        .isTrue();
    local =
        TinySdStack.start(dataDir, "preview-runner", Map.of(RunnerConfig.PREVIEW_INTERVAL, "0.3"));
    phones = PhoneBrowser.on(local);
  }

  @AfterAll
  static void stop() {
    if (phones != null) {
      phones.close();
    }
    if (local != null) {
      local.close();
    }
  }

  @Test
  void aPaintingJob_showsItsPictureForming_thenTheImage() {
    try (BrowserContext context = phones.phone()) {
      Page page = phones.signIn(context);
      Locator model = newPageModelOnceAnnounced(page);
      page.getByLabel("Prompt", new Page.GetByLabelOptions().setExact(true))
          .fill("a lighthouse at dusk, forming");
      page.locator("label[for=count-other]").click();
      page.locator("#countOther").fill("1");
      Locator steps = PhoneBrowser.setting(page, "Steps");
      model.selectOption(new SelectOption().setValue("tiny-sd"));
      steps.fill("60");
      // 256×256 keeps the tiny UNet's attention cheap: some seconds of painting on a small CPU
      page.locator("select#width").selectOption("256");
      page.locator("select#height").selectOption("256");
      page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Paint")).click();
      assertThat(page).hasURL(Pattern.compile(".*/app/jobs/[0-9a-f-]{36}$"));
      String jobPath = page.url().substring(page.url().indexOf("/app/jobs/"));

      Locator live = page.locator("section[data-live]");
      Locator preview = live.locator("figure.preview img");
      page.waitForFunction(
          PREVIEW_LOADED, null, new Page.WaitForFunctionOptions().setTimeout(PAINT_TIMEOUT_MS));
      assertThat(preview).hasAttribute("src", Pattern.compile("/preview\\.jpg\\?step=\\d+$"));
      assertThat(preview.getAttribute("src")).startsWith(jobPath + "/preview.jpg?step=");
      assertThat(preview)
          .hasAttribute("alt", "a lighthouse at dusk, forming (image 1 of 1, forming)");
      assertThat(live.locator("figure.preview figcaption")).hasText("Image 1 forming");
      assertThat(live.locator("ul.images img")).hasCount(0);
      assertThat(live.locator(".badge")).hasText("running");
      PhoneBrowser.assertUsable(page);
      PhoneBrowser.screenshot(page, "preview-forming.png");

      String first = preview.getAttribute("src");
      page.waitForFunction(
          NEWER_PREVIEW, first, new Page.WaitForFunctionOptions().setTimeout(PAINT_TIMEOUT_MS));

      assertThat(live.locator(".badge"))
          .hasText(
              "succeeded", new LocatorAssertions.HasTextOptions().setTimeout(PAINT_TIMEOUT_MS));
      assertThat(live.locator("ul.images img")).hasCount(1);
      assertThat(live.locator("figure.preview")).hasCount(0);
      PhoneBrowser.screenshot(page, "preview-done.png");
    }
  }

  /** The New page once the runner's heartbeat has announced the fixture model. */
  private static Locator newPageModelOnceAnnounced(Page page) {
    String newPage = phones.base() + "/app/new";
    Locator option = page.locator("select#model option[value=tiny-sd]");
    Await.until(
        "the runner announces tiny-sd",
        Duration.ofSeconds(60),
        () -> {
          page.navigate(newPage);
          return option.count() == 1;
        });
    return page.getByLabel("Model", new Page.GetByLabelOptions().setExact(true));
  }
}
