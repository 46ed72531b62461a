package io.goldpan.local;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.CDPSession;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Request;
import com.microsoft.playwright.Response;
import com.microsoft.playwright.Route;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.options.AriaRole;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Triage on a phone: a 16-image job opened in the full-screen viewer from its first image, every
 * image decided with a swipe (up keeps, down discards), and what that costs on the network.
 *
 * <p>The network rule it proves: a decision is exactly one request (the mark POST) and fetches no
 * image again. The only image downloads while triaging are the full images, each exactly once: the
 * one opened, and each next one preloaded while the one before it is on screen. No thumbnail is
 * fetched again and nothing is re-rendered.
 */
class ViewerBrowserIT {
  static final int COUNT = 16;
  static final Set<Integer> KEEP = Set.of(2, 7, 11);
  static final double LIVE_TIMEOUT_MS = 20_000;
  static final String LONG_PROMPT =
      "a paper lantern drifting over a slow river at night, reflections of hundreds of lanterns,"
          + " families on the bank, a stone bridge, mist, warm orange light against deep blue,"
          + " seen from a low boat, wide angle, rich detail";
  static final Pattern MARK = Pattern.compile("/app/images/([0-9a-f-]{36})/(\\d+)/mark$");
  static final Pattern FULL = Pattern.compile("/images/([0-9a-f-]{36})/(\\d+)\\.png");
  static final Pattern THUMB = Pattern.compile("/thumbs/([0-9a-f-]{36})/(\\d+)\\.");

  @TempDir static Path dataDir;
  static PhoneBrowser phones;

  @BeforeAll
  static void start() throws Exception {
    phones = PhoneBrowser.start(dataDir, Map.of(), Map.of("goldpan.sweeper.interval", "1s"));
  }

  @AfterAll
  static void stop() {
    if (phones != null) {
      phones.close();
    }
  }

  @Test
  void swipeThroughSixteen_keepThree_discardTheRest_oneRequestPerDecision_andNoImageTwice() {
    String job = paint("a lantern festival on a river at night, sixteen tries");
    String base = phones.base();
    try (BrowserContext context = phones.phone()) {
      Page page = phones.signIn(context);

      assertThat(page.locator("ul.jobs li.image img")).hasCount(COUNT);
      assertThat(page.locator("nav a[aria-current=page]")).hasText("Gallery");
      assertThat(page.locator("ul.jobs time")).hasText(Pattern.compile("just now|\\d+ min ago"));
      page.evaluate(
          "() => document.querySelectorAll('ul.jobs img').forEach(i => i.seenBefore = true)");

      String later = paint(LONG_PROMPT, 4);
      Locator jobs = page.locator("ul.jobs > li.job");
      assertThat(jobs)
          .hasCount(2, new LocatorAssertions.HasCountOptions().setTimeout(LIVE_TIMEOUT_MS));
      assertThat(jobs.first()).hasAttribute("data-key", later);
      assertThat(jobs.first().locator("li.image img"))
          .hasCount(4, new LocatorAssertions.HasCountOptions().setTimeout(LIVE_TIMEOUT_MS));
      assertThat(
              page.evaluate(
                  "key => Array.from(document.querySelectorAll('li.job[data-key=\\\"' + key"
                      + " + '\\\"] img')).every(i => i.seenBefore === true)",
                  job))
          .as("the live list kept every <img> it already showed")
          .isEqualTo(true);
      PhoneBrowser.screenshot(page, "gallery.png");
      Locator more = jobs.first().locator("button.more"); // named "more", then "less"
      assertThat(more).hasText("more");
      List<String> refreshes = Collections.synchronizedList(new ArrayList<>());
      page.onResponse(
          (Response r) -> {
            if (r.url().contains("/app/gallery/live")) {
              refreshes.add(r.url());
            }
          });
      more.tap();
      assertThat(more).hasAttribute("aria-expanded", "true");
      page.waitForCondition(
          () -> refreshes.size() >= 2,
          new Page.WaitForConditionOptions().setTimeout(LIVE_TIMEOUT_MS));
      // An opened prompt stays open through live refreshes.
      assertThat(more).hasText("less");
      assertThat(jobs.first().locator(".prompt")).hasClass(Pattern.compile("\\bopen\\b"));
      PhoneBrowser.assertUsable(page);

      page.navigate(base + "/app/jobs/" + job);
      Locator thumbs = page.locator("li.image a.thumb");
      assertThat(thumbs).hasCount(COUNT);
      PhoneBrowser.assertUsable(page);
      PhoneBrowser.screenshot(page, "job.png");
      loadEveryThumbnail(page);
      page.evaluate("window.scrollTo(0, 100)");
      assertThat(scrollY(page)).isEqualTo(100);

      List<String> requests = Collections.synchronizedList(new ArrayList<>());
      List<Integer> markStatuses = Collections.synchronizedList(new ArrayList<>());
      page.onRequest((Request r) -> requests.add(r.method() + " " + r.url()));
      // Bytes on the wire per decision, as the page sees them: headers plus body each way.
      long[] markBytes = new long[2];
      page.onRequest(
          (Request r) -> {
            if (MARK.matcher(r.url()).find()) {
              synchronized (markBytes) {
                markBytes[0] += headerBytes(r.headers()) + r.postData().length();
              }
            }
          });
      page.onResponse(
          (Response r) -> {
            if (MARK.matcher(r.url()).find()) {
              synchronized (markBytes) {
                markBytes[1] += headerBytes(r.headers());
              }
              markStatuses.add(r.status());
            }
          });

      thumbs.first().tap();
      Locator viewer = page.getByRole(AriaRole.DIALOG);
      assertThat(viewer).isVisible();
      assertThat(page).hasURL(base + "/app/jobs/" + job);
      Locator title = viewer.getByRole(AriaRole.HEADING);
      assertThat(title).hasText("Image 1 of " + COUNT);
      assertThat(viewer.locator(".viewer-info"))
          .hasText(Pattern.compile("seed \\d+ · \\d+×\\d+ · \\d+ steps · demo"));
      assertThat(viewer.getByText("AI-generated image")).isVisible();
      assertThat(viewer.getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName("Reuse")))
          .hasAttribute("href", "/app/new?from=" + job + "&image=0");
      assertThat(
              viewer.getByRole(
                  AriaRole.LINK, new Locator.GetByRoleOptions().setName("Same seed, other styles")))
          .hasAttribute("href", "/app/new?from=" + job + "&image=0&pick=styles");
      page.waitForCondition(() -> imageRequests(requests, FULL).size() == 2);
      page.waitForFunction("() => document.querySelector('dialog .viewer-img').complete");
      PhoneBrowser.assertUsable(page);
      PhoneBrowser.screenshot(page, "viewer.png");

      CDPSession touch = context.newCDPSession(page);
      for (int i = 0; i < COUNT; i++) {
        int decided = i + 1;
        swipe(touch, KEEP.contains(i) ? -1 : 1);
        page.waitForCondition(() -> imageRequests(requests, MARK).size() == decided);
        if (i + 1 < COUNT) {
          assertThat(title).hasText("Image " + (i + 2) + " of " + COUNT);
        }
        int preloaded = Math.min(COUNT, i + 3);
        page.waitForCondition(() -> imageRequests(requests, FULL).size() == preloaded);
        assertThat(imageRequests(requests, MARK)).as("decision %d", i).hasSize(decided);
        assertThat(imageRequests(requests, FULL)).as("decision %d", i).hasSize(preloaded);
      }
      Locator discard =
          viewer.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("✕ Discard"));
      assertThat(discard).hasAttribute("aria-pressed", "true");
      page.waitForCondition(() -> markStatuses.size() == COUNT);

      List<String> marks = imageRequests(requests, MARK);
      List<String> fulls = imageRequests(requests, FULL);
      assertThat(marks).hasSize(COUNT).doesNotHaveDuplicates();
      assertThat(marks).allMatch(m -> m.startsWith(job + "/"));
      assertThat(markStatuses).hasSize(COUNT).containsOnly(204);
      assertThat(fulls).as("each full image once").hasSize(COUNT).doesNotHaveDuplicates();
      assertThat(imageRequests(requests, THUMB)).as("no thumbnail fetched again").isEmpty();
      List<String> others = new ArrayList<>();
      synchronized (requests) {
        for (String r : requests) {
          if (!MARK.matcher(r).find()
              && !FULL.matcher(r).find()
              && !r.endsWith("/app/status")
              && !r.endsWith("/favicon.ico")) {
            others.add(r);
          }
        }
      }
      assertThat(others).as("no page or region re-rendered").isEmpty();
      synchronized (markBytes) {
        System.out.printf(
            "viewer triage: %d decisions, %d requests, %d bytes sent and %d received (headers and"
                + " body)%n",
            COUNT, marks.size(), markBytes[0], markBytes[1]);
      }

      viewer
          .getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Close viewer"))
          .tap();
      assertThat(viewer).isHidden();
      assertThat(page).hasURL(base + "/app/jobs/" + job);
      page.waitForCondition(() -> scrollY(page) == 100);

      page.reload();
      assertThat(page.locator("li.image.kept")).hasCount(KEEP.size());
      assertThat(page.locator("li.image.discarded")).hasCount(COUNT - KEEP.size());
      for (int i : KEEP) {
        Locator kept = page.locator("li.image[data-key=\"" + job + "/" + i + "\"]");
        assertThat(kept).hasClass(Pattern.compile("\\bkept\\b"));
        assertThat(
                kept.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("★ Keep")))
            .hasAttribute("aria-pressed", "true");
      }
    }
  }

  @Test
  void
      escapeAndTheBackGesture_closeTheViewer_arrowKeysStep_doubleTapZooms_andARefusedMarkIsUndone() {
    String job = paint("keyboard tour", 3);
    try (BrowserContext context = phones.phone()) {
      Page page = phones.signIn(context);
      page.navigate(phones.base() + "/app/jobs/" + job);
      page.locator("li.image a.thumb").first().click();
      Locator viewer = page.getByRole(AriaRole.DIALOG);
      Locator title = viewer.getByRole(AriaRole.HEADING);
      assertThat(title).hasText("Image 1 of 3");
      assertThat(
              viewer.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("★ Keep")))
          .isFocused();
      page.keyboard().press("ArrowRight");
      assertThat(title).hasText("Image 2 of 3");
      page.keyboard().press("ArrowLeft");
      assertThat(title).hasText("Image 1 of 3");
      Locator stage = viewer.locator(".viewer-stage");
      stage.dblclick();
      assertThat(stage).hasClass(Pattern.compile("\\bzoomed\\b"));
      stage.dblclick();
      assertThat(stage).not().hasClass(Pattern.compile("\\bzoomed\\b"));
      page.keyboard().press("Escape");
      assertThat(viewer).isHidden();
      assertThat(page.locator("li.image a.thumb").first()).isFocused();

      page.locator("li.image a.thumb").nth(1).click();
      assertThat(title).hasText("Image 2 of 3");
      page.goBack();
      assertThat(viewer).isHidden();
      assertThat(page).hasURL(phones.base() + "/app/jobs/" + job);

      // A refused mark is undone where it was shown, with a message that says so.
      page.route("**/mark", route -> route.fulfill(new Route.FulfillOptions().setStatus(500)));
      Locator first = page.locator("li.image").first();
      Locator keep =
          first.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("★ Keep"));
      keep.click();
      assertThat(page.getByRole(AriaRole.ALERT))
          .hasText(Pattern.compile("Not saved: keep of .*500"));
      assertThat(keep).hasAttribute("aria-pressed", "false");
      assertThat(first).not().hasClass(Pattern.compile("\\bkept\\b"));
      page.unroute("**/mark");
      keep.click();
      assertThat(keep).hasAttribute("aria-pressed", "true");
      page.waitForCondition(
          () ->
              page.request()
                  .get(phones.base() + "/app/jobs/" + job)
                  .text()
                  .contains("class=\"image kept\""));
    }
  }

  @Test
  void varyButtons_postTheImageOnScreen_andTheDemoModelSaysClearlyThatItCannotVary() {
    // An owner of its own, so the other tests' gallery stays as they painted it.
    Api admin = new Api(phones.local.apiUrl(), phones.local.apiKey());
    Api.Response created =
        admin.post(
            "/api/keys", "{\"owner\":\"vary-" + UUID.randomUUID() + "\",\"label\":\"vary\"}");
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    String key = created.json().path("key").asText();
    Api api = admin.as(key);
    Api.Response submitted =
        api.post("/api/jobs", "{\"prompt\":\"a snail on a leaf\",\"count\":2}");
    assertThat(submitted.status()).as(submitted.body()).isEqualTo(202);
    String job = submitted.json().path("id").asText();
    api.awaitJson(
        "/api/jobs/" + job,
        j -> "SUCCEEDED".equals(j.path("status").asText()),
        Duration.ofSeconds(90));
    try (BrowserContext context = phones.phone()) {
      Page page = phones.signIn(context, key);
      page.navigate(phones.base() + "/app/jobs/" + job);
      page.locator("li.image a.thumb").nth(1).click();
      Locator viewer = page.getByRole(AriaRole.DIALOG);
      assertThat(viewer.getByRole(AriaRole.HEADING)).hasText("Image 2 of 2");
      Locator subtle =
          viewer.getByRole(
              AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Vary (subtle)"));
      Locator strong =
          viewer.getByRole(
              AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Vary (strong)"));
      assertThat(subtle).isVisible();
      assertThat(strong).isVisible();
      assertThat(viewer.locator("form[data-viewer=vary-strong]"))
          .hasAttribute("action", "/app/images/" + job + "/1/vary");
      PhoneBrowser.assertUsable(page);

      Response posted = page.waitForResponse(r -> r.url().endsWith("/vary"), subtle::tap);

      assertThat(posted.url()).endsWith("/app/images/" + job + "/1/vary");
      assertThat(posted.status()).isEqualTo(400);
      assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setLevel(1)))
          .hasText("Cannot vary this image");
      assertThat(page.locator("main"))
          .containsText("model demo cannot vary images: its export has no vae_encoder");
      PhoneBrowser.assertUsable(page);
    }
  }

  private static String paint(String prompt) {
    return paint(prompt, COUNT);
  }

  private static String paint(String prompt, int count) {
    Api api = new Api(phones.local.apiUrl(), phones.local.apiKey());
    Api.Response submitted =
        api.post("/api/jobs", "{\"prompt\":\"" + prompt + "\",\"count\":" + count + "}");
    assertThat(submitted.status()).as(submitted.body()).isEqualTo(202);
    String job = submitted.json().path("id").asText();
    api.awaitJson(
        "/api/jobs/" + job,
        j -> "SUCCEEDED".equals(j.path("status").asText()),
        Duration.ofSeconds(90));
    return job;
  }

  /** A one-finger vertical swipe over the viewer's image: {@code direction} -1 up, 1 down. */
  private static void swipe(CDPSession touch, int direction) {
    double x = 195;
    double y = 380;
    touch.send("Input.dispatchTouchEvent", touchEvent("touchStart", x, y));
    for (int step = 1; step <= 5; step++) {
      touch.send("Input.dispatchTouchEvent", touchEvent("touchMove", x, y + direction * 36 * step));
    }
    JsonObject end = new JsonObject();
    end.addProperty("type", "touchEnd");
    end.add("touchPoints", new JsonArray());
    touch.send("Input.dispatchTouchEvent", end);
  }

  private static JsonObject touchEvent(String type, double x, double y) {
    JsonObject point = new JsonObject();
    point.addProperty("x", x);
    point.addProperty("y", y);
    point.addProperty("id", 1);
    JsonArray points = new JsonArray();
    points.add(point);
    JsonObject event = new JsonObject();
    event.addProperty("type", type);
    event.add("touchPoints", points);
    return event;
  }

  private static long headerBytes(Map<String, String> headers) {
    return headers.entrySet().stream()
        .mapToLong(h -> h.getKey().length() + h.getValue().length() + 4)
        .sum();
  }

  /** {@code jobId/index} of each request whose URL matches {@code kind}, in order. */
  private static List<String> imageRequests(List<String> requests, Pattern kind) {
    List<String> found = new ArrayList<>();
    synchronized (requests) {
      for (String r : requests) {
        Matcher m = kind.matcher(r);
        if (m.find()) {
          found.add(m.group(1) + "/" + m.group(2));
        }
      }
    }
    return found;
  }

  /** Brings every lazy thumbnail in and waits until each has loaded, so none loads later. */
  private static void loadEveryThumbnail(Page page) {
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)");
    page.waitForFunction(
        "() => Array.from(document.querySelectorAll('li.image img')).every(i => i.complete)");
  }

  private static int scrollY(Page page) {
    return ((Number) page.evaluate("window.scrollY")).intValue();
  }
}
