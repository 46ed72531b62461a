package io.goldpan.local;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.options.AriaRole;
import io.goldpan.runner.config.RunnerConfig;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A job's images arrive on its page one by one while it runs, on a phone in a real headless
 * Chromium, against the embedded stack with a demo model slowed to a quarter of a second a step.
 */
class LiveBrowserIT {
  static final int IMAGES = 4;
  static final int STEPS = 10;
  static final double PAINT_TIMEOUT_MS = 90_000;

  /** What the page shows of a running job: the image and the step within it. */
  static final Pattern RUNNING = Pattern.compile("image [1-4] of 4 · step \\d{1,2}/10");

  /** True (in the page) when some but not all images are shown and the job is still painting. */
  static final String SOME_BUT_NOT_ALL =
      """
      (images) => {
        const region = document.querySelector('section[data-live]');
        const shown = region.querySelectorAll('ul.images img').length;
        const progress = region.querySelector('.progress');
        return shown > 0 && shown < images
          && progress !== null && /image \\d+ of \\d+ · step \\d+\\/\\d+/.test(progress.textContent);
      }
      """;

  @TempDir static Path dataDir;
  static GoldpanLocal local;
  static PhoneBrowser phones;

  @BeforeAll
  static void start() throws Exception {
    PhoneBrowser.requireChromium();
    local =
        GoldpanLocal.start(
            TestStacks.onFreePorts(dataDir, false),
            Map.of(),
            Map.of("goldpan.sweeper.interval", "1s"));
    local.startRunner(
        Map.of(
            RunnerConfig.RUNNER_ID, "slow-runner",
            RunnerConfig.DEMO_STEP_DELAY, "0.25"));
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
  void aRunningJob_showsEachImageAsItLands_withTheImageAndStepItIsAt() {
    try (BrowserContext context = phones.phone()) {
      Page page = phones.signIn(context);
      page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("New").setExact(true))
          .click();
      page.getByLabel("Prompt", new Page.GetByLabelOptions().setExact(true))
          .fill("a tide pool, one creature at a time");
      page.locator("label[for=count-" + IMAGES + "]").click();
      Locator steps = PhoneBrowser.setting(page, "Steps");
      steps.fill(String.valueOf(STEPS));
      page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Paint")).click();
      assertThat(page).hasURL(Pattern.compile(".*/app/jobs/[0-9a-f-]{36}$"));

      Locator live = page.locator("section[data-live]");
      Locator images = live.locator("ul.images img");
      Locator progress = live.locator(".progress");

      // Some, not all: one snapshot of the page, waited for by Playwright, never a sleep.
      page.waitForFunction(
          SOME_BUT_NOT_ALL, IMAGES, new Page.WaitForFunctionOptions().setTimeout(PAINT_TIMEOUT_MS));
      assertThat(progress).containsText(RUNNING);
      assertThat(live.locator(".badge")).hasText("running");
      assertThat(live.locator("dl.details")).containsText("RUNNING");
      assertThat(page.locator("#runner-status")).containsText("1 runner awake");
      assertThat(page.locator("#runner-status")).not().containsText("asleep");
      assertThat(page.locator("progress")).hasAttribute("max", String.valueOf(IMAGES * STEPS));
      PhoneBrowser.assertUsable(page);
      PhoneBrowser.screenshot(page, "live-running.png");

      assertThat(images)
          .hasCount(IMAGES, new LocatorAssertions.HasCountOptions().setTimeout(PAINT_TIMEOUT_MS));
      assertThat(live.locator(".badge"))
          .hasText(
              "succeeded", new LocatorAssertions.HasTextOptions().setTimeout(PAINT_TIMEOUT_MS));
      assertThat(live.locator("dl.details")).containsText("SUCCEEDED");
      assertThat(progress).hasCount(0);
      for (int i = 0; i < IMAGES; i++) {
        assertThat(images.nth(i))
            .hasAttribute(
                "alt", "a tide pool, one creature at a time (image " + (i + 1) + " of 4)");
      }
      assertThat(page.locator("progress").count()).isZero();
      PhoneBrowser.screenshot(page, "live-done.png");
    }
  }
}
