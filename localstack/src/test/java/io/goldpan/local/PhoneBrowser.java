package io.goldpan.local;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.deque.html.axecore.playwright.AxeBuilder;
import com.deque.html.axecore.results.AxeResults;
import com.deque.html.axecore.results.Rule;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.options.AriaRole;
import io.goldpan.testing.Prerequisites;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The whole embedded stack and a headless Debian Chromium for browser tests: phone contexts at
 * 390×844 with touch, signing in, and the checks every page must pass (axe-core finds no violation;
 * no tap target is under 44×44 CSS px).
 */
final class PhoneBrowser implements AutoCloseable {
  static final Path CHROMIUM = Paths.get("/usr/bin/chromium");
  static final Path SCREENSHOTS = Paths.get("target", "screenshots");
  static final int WIDTH = 390;
  static final int HEIGHT = 844;
  static final double MIN_TAP_PX = 44;

  /**
   * Visible interactive elements smaller than the minimum, described as {@code tag#id.class "text"
   * WxH}. A checkbox or radio counts by its label, which is what a thumb taps.
   */
  private static final String SMALL_TAP_TARGETS =
      """
      (min) => {
        const seen = [];
        const targets = document.querySelectorAll(
          'a[href], button, select, summary, input:not([type=hidden]), [role=button], [tabindex]:not([tabindex="-1"])');
        for (const el of targets) {
          let target = el;
          if (el.matches('input[type=checkbox], input[type=radio]')) {
            target = el.closest('label') || (el.id && document.querySelector('label[for="' + el.id + '"]')) || el;
          }
          const style = getComputedStyle(target);
          if (style.visibility === 'hidden' || style.display === 'none') continue;
          const box = target.getBoundingClientRect();
          if (box.width === 0 || box.height === 0) continue;
          if (box.right < 0 || box.bottom < 0 || box.left > innerWidth + scrollX + 2000) continue;
          if (target.classList.contains('skip') && document.activeElement !== target) continue;
          if (box.width + 0.5 < min || box.height + 0.5 < min) {
            const text = (target.innerText || target.value || target.getAttribute('aria-label') || '').trim().slice(0, 30);
            seen.push(target.tagName.toLowerCase() + (target.id ? '#' + target.id : '')
              + (target.className && typeof target.className === 'string' ? '.' + target.className.trim().replace(/\\s+/g, '.') : '')
              + ' "' + text + '" ' + Math.round(box.width) + 'x' + Math.round(box.height));
          }
        }
        return seen;
      }
      """;

  final GoldpanLocal local;
  private final boolean ownsLocal;
  private final Playwright playwright;
  private final Browser browser;

  private PhoneBrowser(GoldpanLocal local, boolean ownsLocal) {
    this.local = local;
    this.ownsLocal = ownsLocal;
    this.playwright =
        Playwright.create(
            new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
    this.browser =
        playwright
            .chromium()
            .launch(
                new BrowserType.LaunchOptions()
                    .setExecutablePath(CHROMIUM)
                    .setHeadless(true)
                    .setArgs(
                        List.of(
                            "--headless",
                            "--no-sandbox",
                            "--disable-gpu",
                            "--disable-background-networking")));
  }

  /** Skips (or fails under CI) without Chromium. */
  static void requireChromium() {
    Prerequisites.require(
        Files.isExecutable(CHROMIUM),
        "GOLDPAN_REQUIRE_CHROMIUM",
        "no Chromium at " + CHROMIUM + ": apt-get install chromium");
  }

  /**
   * Starts goldpan-local in {@code dataDir} with its demo-model runner, the given environment and
   * server properties, and a browser; {@link #close} stops both.
   */
  static PhoneBrowser start(Path dataDir, Map<String, String> env, Map<String, Object> properties)
      throws Exception {
    requireChromium();
    GoldpanLocal local = GoldpanLocal.start(TestStacks.onFreePorts(dataDir, true), env, properties);
    try {
      return new PhoneBrowser(local, true);
    } catch (RuntimeException e) {
      local.close();
      throw e;
    }
  }

  /** A browser against a stack the caller started and stops. */
  static PhoneBrowser on(GoldpanLocal local) {
    requireChromium();
    return new PhoneBrowser(local, false);
  }

  /** The app's base URL, e.g. {@code http://127.0.0.1:4566}, without a trailing slash. */
  String base() {
    String url = local.apiUrl().toString();
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  /** A fresh phone: 390×844, touch, mobile viewport, no cookies. */
  BrowserContext phone() {
    return browser.newContext(
        new Browser.NewContextOptions()
            .setViewportSize(WIDTH, HEIGHT)
            .setDeviceScaleFactor(1)
            .setHasTouch(true)
            .setIsMobile(true));
  }

  /** A desktop-sized context, for layouts that should use the width. */
  BrowserContext desktop() {
    return browser.newContext(new Browser.NewContextOptions().setViewportSize(1280, 900));
  }

  /** Signs in with {@code apiKey} on a new page of {@code context}; the page is at the gallery. */
  Page signIn(BrowserContext context, String apiKey) {
    Page page = context.newPage();
    page.navigate(base() + "/login");
    page.getByLabel("API key").fill(apiKey);
    page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in")).click();
    assertThat(page).hasURL(base() + "/app");
    return page;
  }

  /** Signs in with the stack's own (bootstrap) key. */
  Page signIn(BrowserContext context) {
    return signIn(context, local.apiKey());
  }

  /** The New page's field labelled {@code label}, its Settings opened first if they hide it. */
  static Locator setting(Page page, String label) {
    Locator field = page.getByLabel(label, new Page.GetByLabelOptions().setExact(true));
    if (!field.isVisible()) {
      page.locator("summary").filter(new Locator.FilterOptions().setHasText("Settings")).click();
    }
    return field;
  }

  /** axe-core (WCAG 2 A/AA rules and best practices) finds no violation on the page as it is. */
  static void assertAccessible(Page page) {
    AxeResults results = new AxeBuilder(page).analyze();
    List<Rule> violations = results.getViolations();
    assertThat(violations)
        .as(
            "axe-core violations on %s:%n%s",
            page.url(),
            violations.stream()
                .map(
                    v ->
                        v.getId()
                            + " ("
                            + v.getImpact()
                            + "): "
                            + v.getHelp()
                            + " at "
                            + v.getNodes().stream()
                                .map(n -> String.valueOf(n.getTarget()))
                                .collect(Collectors.joining(", ")))
                .collect(Collectors.joining("\n")))
        .isEmpty();
  }

  /** No visible link, button or control on the page is smaller than 44×44 CSS px. */
  static void assertTapTargets(Page page) {
    @SuppressWarnings("unchecked")
    List<String> small = (List<String>) page.evaluate(SMALL_TAP_TARGETS, MIN_TAP_PX);
    assertThat(small).as("tap targets under %s px on %s", MIN_TAP_PX, page.url()).isEmpty();
  }

  /** Both page checks. */
  static void assertUsable(Page page) {
    assertAccessible(page);
    assertTapTargets(page);
  }

  /** A full-page screenshot into {@code target/screenshots/NAME}. */
  static Path screenshot(Page page, String name) {
    try {
      Files.createDirectories(SCREENSHOTS);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    Path path = SCREENSHOTS.resolve(name);
    page.screenshot(new Page.ScreenshotOptions().setPath(path));
    return path;
  }

  @Override
  public void close() {
    try {
      browser.close();
      playwright.close();
    } finally {
      if (ownsLocal) {
        local.close();
      }
    }
  }
}
