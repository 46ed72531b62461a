package io.goldpan.local.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.gson.JsonObject;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.CDPSession;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.WaitForSelectorState;
import io.goldpan.local.GoldpanLocal;
import io.goldpan.local.TestStacks;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What triage costs a phone on the wire: the embedded stack with its demo runner paints a 16-image
 * job and a two-style group, and a headless Chromium at 390×844 loads the gallery, the job page and
 * the group page, taps Keep on the job page's images one after another, opens the pages again, and
 * opens a share of a kept image twice in a browser that is not signed in. Every request the browser
 * makes is counted through the DevTools protocol, as it reaches the network or is answered from the
 * browser's cache, with its bytes on the wire.
 *
 * <p>Usage: {@code localstack/bench/triage [--taps N]} (see docs/benchmarks.md).
 */
public final class TriageBench {
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration QUIET = Duration.ofMillis(500);
  private static final Duration PAINT_TIMEOUT = Duration.ofMinutes(5);
  private static final int JOB_IMAGES = 16;

  private final StringBuilder report = new StringBuilder();
  private final GoldpanLocal local;
  private final Browser browser;
  private final String base;

  private TriageBench(GoldpanLocal local, Browser browser) {
    this.local = local;
    this.browser = browser;
    this.base = local.apiUrl().toString();
  }

  public static void main(String[] args) throws Exception {
    List<String> options = List.of(args);
    int at = options.indexOf("--taps");
    int taps = at >= 0 && at + 1 < options.size() ? Integer.parseInt(options.get(at + 1)) : 8;
    if (taps < 1 || taps > JOB_IMAGES) {
      throw new IllegalArgumentException(
          "--taps must be from 1 to " + JOB_IMAGES + ", got " + taps);
    }
    if (!Files.isExecutable(CHROMIUM)) {
      throw new IllegalStateException("no Chromium at " + CHROMIUM + ": apt-get install chromium");
    }
    Path data = Files.createTempDirectory("goldpan-triage-bench");
    try (GoldpanLocal local =
            GoldpanLocal.start(TestStacks.onFreePorts(data, true), Map.of(), Map.of());
        Playwright playwright =
            Playwright.create(
                new Playwright.CreateOptions()
                    .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        Browser browser =
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
                                "--disable-background-networking")))) {
      TriageBench bench = new TriageBench(local, browser);
      bench.run(taps);
      System.out.println(bench.report);
    }
  }

  private void run(int taps) throws Exception {
    String jobId = paintJob();
    String state;
    String groupPath;
    try (BrowserContext context = phone(null)) {
      Page page = context.newPage();
      page.navigate(base + "/app");
      page.getByLabel("API key").fill(local.apiKey());
      page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in")).click();
      page.waitForURL(base + "/app");
      groupPath = paintGroup(page);
      state = context.storageState();
    }
    String jobPath = "/app/jobs/" + jobId;

    line(
        "%s, %d cores, Java %s; Chromium %s at 390×844; a %d-image job and a 2×4-image group"
            + " painted by the demo model",
        LocalDate.now(),
        Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.version"),
        browser.version(),
        JOB_IMAGES);
    line("");
    line(
        "| what | requests | from the network | images from the network | bytes | image bytes"
            + " | answered from the cache |");
    line("| --- | --- | --- | --- | --- | --- | --- |");

    for (String[] first :
        new String[][] {
          {"gallery `/app`", "/app"}, {"job page", jobPath}, {"group page", groupPath}
        }) {
      try (BrowserContext context = phone(state)) {
        Page page = context.newPage();
        Traffic traffic = Traffic.on(context, page);
        page.navigate(base + first[1]);
        traffic.awaitQuiet(page);
        row(first[0] + ", first load (cold cache)", traffic.total(), 1);
      }
    }

    try (BrowserContext context = phone(state)) {
      Page page = context.newPage();
      Traffic traffic = Traffic.on(context, page);
      page.navigate(base + "/app");
      traffic.awaitQuiet(page);
      Locator link = page.locator("a[href='" + jobPath + "']").first();
      link.scrollIntoViewIfNeeded();
      traffic.awaitQuiet(page);
      traffic.reset();
      link.click();
      page.waitForURL(base + jobPath);
      traffic.awaitQuiet(page);
      row("job page, opened from the gallery", traffic.total(), 1);

      // Lazy thumbnails below the fold load now, not during the first taps that scroll to them.
      page.evaluate("window.scrollTo(0, document.body.scrollHeight)");
      traffic.awaitQuiet(page);
      page.evaluate("window.scrollTo(0, 0)");
      traffic.awaitQuiet(page);
      Counts tapped = new Counts();
      for (int i = 0; i < taps; i++) {
        Locator keep = page.locator("li.image").nth(i).locator("button.keep");
        keep.scrollIntoViewIfNeeded();
        traffic.awaitQuiet(page);
        traffic.reset();
        keep.click();
        page.locator("li.image")
            .nth(i)
            .and(page.locator(".kept"))
            .waitFor(new Locator.WaitForOptions().setState(WaitForSelectorState.ATTACHED));
        traffic.awaitQuiet(page);
        tapped.add(traffic.total());
      }
      row("Keep tap in the job page's grid (mean of " + taps + ")", tapped, taps);

      page.evaluate("window.scrollTo(0, 0)");
      laterVisit(page, traffic);
      page.navigate(base + jobPath);
      traffic.awaitQuiet(page);
      row("job page again, 2 s later (warm cache)", traffic.total(), 1);

      laterVisit(page, traffic);
      page.navigate(base + "/app");
      traffic.awaitQuiet(page);
      row("gallery again, 2 s later (warm cache)", traffic.total(), 1);
    }

    String share = share(state, jobPath);
    try (BrowserContext stranger = phone(null)) {
      Page page = stranger.newPage();
      Traffic traffic = Traffic.on(stranger, page);
      page.navigate(share);
      traffic.awaitQuiet(page);
      row("share page of the kept image, first load (cold cache)", traffic.total(), 1);
      laterVisit(page, traffic);
      page.navigate(share);
      traffic.awaitQuiet(page);
      row("share page again, 2 s later (warm cache)", traffic.total(), 1);
    }
  }

  /**
   * Lets two seconds pass before the next visit, so that it stands for a later one: a SigV4 date is
   * in whole seconds, so links signed afresh within the same second are the same URLs anyway.
   */
  private static void laterVisit(Page page, Traffic traffic) {
    traffic.awaitQuiet(page);
    page.waitForTimeout(2000);
    traffic.awaitQuiet(page);
    traffic.reset();
  }

  /** Shares the job's first image, which the taps kept; the share link. */
  private String share(String state, String jobPath) {
    try (BrowserContext context = phone(state)) {
      Page page = context.newPage();
      page.navigate(base + jobPath);
      page.locator("li.image").first().locator("button.share").click();
      return page.locator("#share-url").inputValue();
    }
  }

  /** Submits the 16-image job through the API and waits until it has succeeded. */
  private String paintJob() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    HttpResponse<String> submitted =
        http.send(
            HttpRequest.newBuilder(URI.create(base + "/api/jobs"))
                .header("Authorization", "Bearer " + local.apiKey())
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"prompt\":\"a lighthouse at dusk\",\"count\":" + JOB_IMAGES + "}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (submitted.statusCode() != 202) {
      throw new IllegalStateException("submit answered " + submitted.statusCode());
    }
    String id = JSON.readTree(submitted.body()).get("id").asText();
    Instant deadline = Instant.now().plus(PAINT_TIMEOUT);
    while (true) {
      JsonNode job =
          JSON.readTree(
              http.send(
                      HttpRequest.newBuilder(URI.create(base + "/api/jobs/" + id))
                          .header("Authorization", "Bearer " + local.apiKey())
                          .build(),
                      HttpResponse.BodyHandlers.ofString())
                  .body());
      String status = job.get("status").asText();
      if (status.equals("SUCCEEDED")) {
        return id;
      }
      if (Instant.now().isAfter(deadline) || Set.of("FAILED", "CANCELLED").contains(status)) {
        throw new IllegalStateException("job " + id + " is " + status + ": " + job);
      }
      Thread.sleep(200);
    }
  }

  /** Fans one prompt out to two styles of four images through the form; the group's path. */
  private String paintGroup(Page page) {
    page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("New").setExact(true))
        .click();
    page.getByLabel("Prompt", new Page.GetByLabelOptions().setExact(true)).fill("a harbour in fog");
    page.getByLabel("ukiyo-e").check();
    page.getByLabel("painting by Monet").check();
    page.locator("label[for=count-4]").click();
    page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Paint")).click();
    page.waitForURL(Pattern.compile(".*/app/groups/[0-9a-f-]{36}$"));
    String path = URI.create(page.url()).getPath();
    page.waitForCondition(
        () -> page.locator("table.grid td.cell img").count() == 8,
        new Page.WaitForConditionOptions().setTimeout(PAINT_TIMEOUT.toMillis()));
    return path;
  }

  private BrowserContext phone(String storageState) {
    Browser.NewContextOptions options =
        new Browser.NewContextOptions().setViewportSize(390, 844).setDeviceScaleFactor(1);
    if (storageState != null) {
      options.setStorageState(storageState);
    }
    return browser.newContext(options);
  }

  private void row(String what, Counts c, int per) {
    line(
        "| %s | %s | %s | %s | %s | %s | %s |",
        what,
        mean(c.requests, per),
        mean(c.network, per),
        mean(c.networkImages, per),
        kb(c.bytes / (double) per),
        kb(c.imageBytes / (double) per),
        mean(c.cached, per));
  }

  private static String mean(long total, int per) {
    return per == 1
        ? Long.toString(total)
        : String.format(Locale.ROOT, "%.1f", total / (double) per);
  }

  private static String kb(double bytes) {
    return String.format(Locale.ROOT, "%.1f KB", bytes / 1000);
  }

  private void line(String format, Object... args) {
    report.append(String.format(Locale.ROOT, format, args)).append('\n');
  }

  /** What a stretch of browsing cost. */
  static final class Counts {
    long requests;
    long network;
    long networkImages;
    long bytes;
    long imageBytes;
    long cached;

    void add(Counts other) {
      requests += other.requests;
      network += other.network;
      networkImages += other.networkImages;
      bytes += other.bytes;
      imageBytes += other.imageBytes;
      cached += other.cached;
    }
  }

  /**
   * The page's requests as Chromium's DevTools protocol reports them: every request sent, which of
   * them the HTTP or memory cache answered, and the bytes each brought over the wire (headers
   * included, 0 from the cache).
   */
  static final class Traffic {
    private static final boolean VERBOSE = System.getenv("GOLDPAN_BENCH_VERBOSE") != null;
    private final Map<String, String> types = new HashMap<>();
    private final Map<String, String> urls = new HashMap<>();
    private final Set<String> inFlight = new HashSet<>();
    private final Set<String> fromCache = new HashSet<>();
    private final Map<String, Long> received = new HashMap<>();
    private Counts counts = new Counts();
    private long lastEventNanos = System.nanoTime();

    static Traffic on(BrowserContext context, Page page) {
      Traffic traffic = new Traffic();
      CDPSession cdp = context.newCDPSession(page);
      cdp.on("Network.requestWillBeSent", traffic::sent);
      cdp.on("Network.requestServedFromCache", e -> traffic.cached(id(e)));
      cdp.on("Network.responseReceived", traffic::response);
      cdp.on("Network.loadingFinished", traffic::finished);
      cdp.on("Network.dataReceived", traffic::data);
      cdp.on("Network.loadingFailed", traffic::failed);
      cdp.send("Network.enable");
      return traffic;
    }

    private static String id(JsonObject event) {
      return event.get("requestId").getAsString();
    }

    private void sent(JsonObject e) {
      lastEventNanos = System.nanoTime();
      if (e.has("redirectResponse")) {
        trace(id(e), "redirected " + e.getAsJsonObject("redirectResponse").get("status"));
        return; // the same request, followed
      }
      String id = id(e);
      types.put(id, e.has("type") ? e.get("type").getAsString() : "Other");
      String url = e.getAsJsonObject("request").get("url").getAsString();
      urls.put(
          id,
          e.getAsJsonObject("request").get("method").getAsString()
              + " "
              + url.replaceAll("\\?.*", ""));
      inFlight.add(id);
      counts.requests++;
    }

    private void response(JsonObject e) {
      lastEventNanos = System.nanoTime();
      JsonObject response = e.getAsJsonObject("response");
      received.merge(id(e), response.get("encodedDataLength").getAsLong(), Math::max);
      boolean cache =
          response.has("fromDiskCache") && response.get("fromDiskCache").getAsBoolean()
              || response.has("fromPrefetchCache")
                  && response.get("fromPrefetchCache").getAsBoolean();
      if (cache) {
        cached(id(e));
      }
    }

    private void cached(String id) {
      lastEventNanos = System.nanoTime();
      fromCache.add(id);
    }

    private void data(JsonObject e) {
      lastEventNanos = System.nanoTime();
      received.merge(id(e), e.get("encodedDataLength").getAsLong(), Long::sum);
    }

    private void finished(JsonObject e) {
      end(id(e), e.get("encodedDataLength").getAsLong(), "");
    }

    /**
     * A request that ended without finishing (the page's own fetch of a mark is reported aborted
     * once answered) still went to the network: it counts with the bytes that came back.
     */
    private void failed(JsonObject e) {
      String id = id(e);
      end(id, received.getOrDefault(id, 0L), " " + e.get("errorText").getAsString());
    }

    private void end(String id, long bytes, String note) {
      if (!inFlight.contains(id)) {
        return;
      }
      boolean image = "Image".equals(types.get(id));
      trace(id, (fromCache.contains(id) ? "cache " : "network ") + bytes + note);
      if (fromCache.contains(id)) {
        counts.cached++;
      } else {
        counts.network++;
        counts.bytes += bytes;
        if (image) {
          counts.networkImages++;
          counts.imageBytes += bytes;
        }
      }
      done(id);
    }

    private void trace(String id, String outcome) {
      if (VERBOSE) {
        System.err.println("bench: " + types.get(id) + " " + urls.get(id) + " " + outcome);
      }
    }

    private void done(String id) {
      lastEventNanos = System.nanoTime();
      inFlight.remove(id);
    }

    /** Lets the page run until nothing has been in flight for {@link #QUIET}. */
    void awaitQuiet(Page page) {
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (!inFlight.isEmpty() || System.nanoTime() - lastEventNanos < QUIET.toNanos()) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("the page never went quiet: " + inFlight.size());
        }
        page.waitForTimeout(25); // lets Playwright deliver the protocol's events
      }
    }

    /** Starts counting afresh. */
    void reset() {
      if (VERBOSE) {
        System.err.println("bench: ---");
      }
      counts = new Counts();
    }

    Counts total() {
      return counts;
    }
  }
}
