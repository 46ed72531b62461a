package io.goldpan.local;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.APIResponse;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.FormData;
import com.microsoft.playwright.options.RequestOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sharing and purging from a phone, in headless Chromium against the embedded stack: a group share
 * opened in a fresh context shows only the kept images and carries a card image that is a PNG; the
 * share sheet and Copy work; Purge first shows what it deletes and deletes nothing until confirmed.
 * Images are painted and triaged over HTTP in the signed-in context, so these tests depend only on
 * the share and purge pages.
 */
class ShareBrowserIT {
  static final Duration PAINT_TIMEOUT = Duration.ofSeconds(90);
  static final Pattern IMAGE_KEY = Pattern.compile("images/([0-9a-f-]{36})/(\\d+)\\.png");
  static final byte[] PNG_MAGIC = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

  /** Stands in for the system share sheet, which headless Chromium on Linux does not have. */
  static final String SHARE_SHEET =
      "navigator.share = (data) => { window.sharedWith = data; return Promise.resolve(); };";

  @TempDir static Path dataDir;
  static PhoneBrowser phones;
  static Api admin;

  /** Each test its own owner, so one test's discarded images are not another's to purge. */
  Api api;

  String key;

  @BeforeAll
  static void start() throws Exception {
    phones = PhoneBrowser.start(dataDir, Map.of(), Map.of());
    admin = new Api(phones.local.apiUrl(), phones.local.apiKey());
  }

  @BeforeEach
  void newOwner() {
    Api.Response created =
        admin.post(
            "/api/keys", "{\"owner\":\"owner-" + UUID.randomUUID() + "\",\"label\":\"test\"}");
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    key = created.json().path("key").asText();
    api = admin.as(key);
  }

  @AfterAll
  static void stop() {
    if (phones != null) {
      phones.close();
    }
  }

  @Test
  void groupShare_inAFreshContext_showsOnlyTheKeptImages_withAPngCard() {
    String marker = "share-" + UUID.randomUUID();
    String shareUrl;
    Set<String> kept = new TreeSet<>();
    try (BrowserContext context = phones.phone()) {
      context.addInitScript(SHARE_SHEET);
      context.grantPermissions(
          List.of("clipboard-read", "clipboard-write"),
          new BrowserContext.GrantPermissionsOptions().setOrigin(phones.base()));
      Page page = phones.signIn(context, key);
      String group = submit(page, marker + " a lighthouse at dusk", 2, "b:ukiyo-e", "b:pixel art");
      List<String> images = paintedImages(marker, 4);
      mark(page, images.get(0), "KEPT");
      mark(page, images.get(3), "KEPT");
      mark(page, images.get(1), "DISCARDED");
      kept.add(images.get(0));
      kept.add(images.get(3));

      page.navigate(phones.base() + group);
      assertThat(page.getByLabel("Share", new Page.GetByLabelOptions().setExact(true)))
          .hasValue("KEPT");
      page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Share this group"))
          .click();

      assertThat(
              page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Share link")))
          .isVisible();
      assertThat(page.locator("main")).containsText("the kept images of this group");
      shareUrl = page.locator("#share-url").inputValue();
      assertThat(shareUrl).startsWith(phones.base() + "/s/");
      page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Share…")).click();
      assertThat(page.locator("#share-status")).hasText("Shared");
      assertThat(page.evaluate("window.sharedWith.url")).isEqualTo(shareUrl);
      assertThat((String) page.evaluate("window.sharedWith.title"))
          .contains("a lighthouse at dusk");
      page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Copy link")).click();
      assertThat(page.locator("#share-status")).hasText("Copied");
      assertThat(page.evaluate("navigator.clipboard.readText()")).isEqualTo(shareUrl);
      assertUsableContent(page);
      PhoneBrowser.screenshot(page, "share-created.png");

      page.navigate(phones.base() + "/app/shares");
      Locator row = page.locator("li.share-row").first();
      assertThat(row.locator(".share-prompt")).containsText(marker);
      assertThat(row.locator("img")).hasCount(1);
      assertThat(row).containsText("group · kept images");
      assertUsableContent(page);
    }

    try (BrowserContext stranger = phones.phone()) {
      Page page = stranger.newPage();
      page.navigate(shareUrl);
      Locator links = page.locator("li.image a");
      assertThat(links).hasCount(2);
      Set<String> shown = new TreeSet<>();
      for (String href : links.all().stream().map(l -> l.getAttribute("href")).toList()) {
        shown.add(imageKey(href));
      }
      assertThat(shown).isEqualTo(kept);
      assertThat(page.locator("li.image img").first()).hasAttribute("loading", "lazy");
      assertThat(page.locator(".ai-note")).containsText("AI-generated");
      assertThat(page.locator("meta[property='og:description']"))
          .hasAttribute("content", Pattern.compile("AI-generated.*"));
      String card = page.locator("meta[property='og:image']").getAttribute("content");
      assertThat(card).isEqualTo(shareUrl + "/preview");
      APIResponse preview = stranger.request().get(card);
      assertThat(preview.status()).isEqualTo(200);
      assertThat(Arrays.copyOf(preview.body(), PNG_MAGIC.length)).isEqualTo(PNG_MAGIC);
      PhoneBrowser.assertUsable(page);
      PhoneBrowser.screenshot(page, "shared-group.png");

      links.first().click();
      assertThat(page).hasURL(IMAGE_KEY);
      page.navigate(phones.base() + "/app");
      assertThat(page).hasURL(phones.base() + "/login");
    }
  }

  @Test
  void purge_firstShowsWhatItDeletes_andDeletesNothingUntilConfirmed() {
    String marker = "purge-" + UUID.randomUUID();
    try (BrowserContext context = phones.phone()) {
      Page page = phones.signIn(context, key);
      submit(page, marker + " a foggy harbour", 3);
      List<String> images = paintedImages(marker, 3);
      mark(page, images.get(0), "DISCARDED");
      mark(page, images.get(2), "DISCARDED");
      mark(page, images.get(1), "KEPT");

      page.navigate(phones.base() + "/app?show=discarded");
      page.getByRole(
              AriaRole.LINK, new Page.GetByRoleOptions().setName(Pattern.compile("^Purge 2 ")))
          .click();

      assertThat(page).hasURL(phones.base() + "/app/purge");
      assertThat(page.locator(".purge-summary"))
          .containsText(Pattern.compile("2 discarded images.*frees [0-9.]+ (kB|MB|bytes)"));
      assertUsableContent(page);
      PhoneBrowser.screenshot(page, "purge-confirm.png");
      assertThat(stored(images.get(0))).as("nothing is deleted before the confirmation").isTrue();
      assertThat(stored(images.get(2))).isTrue();

      page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Purge 2 images"))
          .click();

      assertThat(page.locator("p.done"))
          .hasText(Pattern.compile("Purged 2 images and freed [0-9.]+ (kB|MB|bytes)\\."));
      assertThat(stored(images.get(0))).isFalse();
      assertThat(stored(images.get(2))).isFalse();
      assertThat(stored(images.get(1))).as("the kept image stays").isTrue();
    }
  }

  // --- helpers ----------------------------------------------------------------------------------

  /**
   * axe-core finds no violation, and no control in the page's own content (not the shared header,
   * whose layout is checked with the gallery) is under 44 px.
   */
  static void assertUsableContent(Page page) {
    PhoneBrowser.assertAccessible(page);
    @SuppressWarnings("unchecked")
    List<String> small =
        (List<String>)
            page.evaluate(
                "(min) => Array.from(document.querySelectorAll('main a[href], main button,"
                    + " main select, main input:not([type=hidden])'))"
                    + ".filter(e => { const b = e.getBoundingClientRect();"
                    + " return b.width > 0 && b.height > 0 && (b.width + 0.5 < min"
                    + " || b.height + 0.5 < min); })"
                    + ".map(e => e.tagName + ' \"' + (e.innerText || e.value || '').trim() + '\" '"
                    + " + Math.round(e.getBoundingClientRect().width) + 'x'"
                    + " + Math.round(e.getBoundingClientRect().height))",
                PhoneBrowser.MIN_TAP_PX);
    assertThat(small).as("tap targets under 44 px in the content of %s", page.url()).isEmpty();
  }

  /** Submits the gallery form from the signed-in page; returns where it went ({@code /app/...}). */
  static String submit(Page page, String prompt, int count, String... styles) {
    FormData form = FormData.create().set("prompt", prompt).set("count", Integer.toString(count));
    for (String style : styles) {
      form.append("style", style);
    }
    APIResponse response =
        page.request()
            .post(
                phones.base() + "/app/jobs",
                RequestOptions.create()
                    .setHeader("X-CSRF-Token", csrf(page))
                    .setForm(form)
                    .setMaxRedirects(0));
    assertThat(response.status()).as(response.text()).isEqualTo(303);
    return response.headers().get("location");
  }

  /** Marks one image ({@code jobId/index}) from the signed-in page's session. */
  static void mark(Page page, String image, String mark) {
    APIResponse response =
        page.request()
            .post(
                phones.base() + "/app/images/" + image + "/mark",
                RequestOptions.create()
                    .setHeader("X-CSRF-Token", csrf(page))
                    .setHeader("X-Requested-With", "fetch")
                    .setForm(FormData.create().set("mark", mark)));
    assertThat(response.status()).as(response.text()).isEqualTo(204);
  }

  static String csrf(Page page) {
    return page.locator("meta[name=csrf-token]").getAttribute("content");
  }

  /** Waits until the jobs whose prompt holds {@code marker} have {@code total} images. */
  List<String> paintedImages(String marker, int total) {
    JsonNode page =
        api.awaitJson(
            "/api/jobs?limit=50", json -> images(json, marker).size() == total, PAINT_TIMEOUT);
    return images(page, marker);
  }

  private static List<String> images(JsonNode page, String marker) {
    List<String> out = new ArrayList<>();
    for (JsonNode job : page.get("jobs")) {
      if (job.get("prompt").asText().contains(marker)
          && job.get("status").asText().equals("SUCCEEDED")) {
        for (JsonNode image : job.get("images")) {
          out.add(job.get("id").asText() + "/" + image.get("index").asInt());
        }
      }
    }
    return out;
  }

  /** Whether the image's object is still in the bucket: its freshly signed URL answers 200. */
  boolean stored(String image) {
    JsonNode job = api.get("/api/jobs/" + image.substring(0, image.indexOf('/'))).json();
    int index = Integer.parseInt(image.substring(image.indexOf('/') + 1));
    for (JsonNode i : job.get("images")) {
      if (i.get("index").asInt() == index) {
        return Api.rawGet(i.get("url").asText()).statusCode() == 200;
      }
    }
    return false;
  }

  static String imageKey(String url) {
    Matcher m = IMAGE_KEY.matcher(url);
    assertThat(m.find()).as(url).isTrue();
    return m.group(1) + "/" + m.group(2);
  }
}
