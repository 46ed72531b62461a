package io.goldpan.functions.web;

import static io.goldpan.functions.support.Browser.form;
import static org.assertj.core.api.Assertions.assertThat;

import io.goldpan.contract.ImageResult;
import io.goldpan.contract.RunnerEvent;
import io.goldpan.contract.StorageKeys;
import io.goldpan.contract.Timings;
import io.goldpan.functions.auth.ApiKeys;
import io.goldpan.functions.events.JobEvents;
import io.goldpan.functions.gallery.PngWithoutPrompt;
import io.goldpan.functions.support.Browser;
import io.goldpan.functions.support.RecordingImageObjects;
import io.goldpan.testing.MutableClock;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Sharing from a phone: a group share shows the kept images unless the owner picks all, the share
 * page is a card in a chat app (Open Graph, a preview image that lives as long as the share) and
 * says the images are AI-generated, and the Shares list shows what each link shares.
 */
@MicronautTest(transactional = false)
class ShareWebTest {
  private static final Pattern JOB_ID = Pattern.compile("/app/jobs/([0-9a-f-]{36})");
  private static final Pattern SHARE =
      Pattern.compile("href=\"https?://[^/]+(/s/[A-Za-z0-9_-]+)\"");

  @Inject EmbeddedServer server;
  @Inject ApiKeys apiKeys;
  @Inject JobEvents events;
  @Inject MutableClock clock;
  @Inject RecordingImageObjects bucket;

  Browser me;
  Browser other;
  Browser stranger;

  @BeforeEach
  void setUp() {
    me = new Browser(server.getURI()).signIn(apiKeys.create("sharer-" + UUID.randomUUID()));
    other = new Browser(server.getURI()).signIn(apiKeys.create("other-" + UUID.randomUUID()));
    stranger = new Browser(server.getURI());
  }

  @Test
  void groupShare_byDefault_showsOnlyTheKeptImages() {
    Group g = paintedGroup("kept by default", 3);
    me.post(mark(g.jobs().get(0), 1), form("mark", "KEPT"));
    me.post(mark(g.jobs().get(1), 2), form("mark", "KEPT"));
    me.post(mark(g.jobs().get(1), 0), form("mark", "DISCARDED"));

    HttpResponse<String> created = me.post("/app/shares", form("groupId", g.id()));

    assertThat(created.statusCode()).isEqualTo(201);
    assertThat(created.body()).contains("the kept images of this group");
    String page = stranger.get(sharePath(created.body())).body();
    assertThat(images(page))
        .containsExactlyInAnyOrder(
            StorageKeys.image(g.jobs().get(0), 1), StorageKeys.image(g.jobs().get(1), 2));
  }

  @Test
  void groupShare_withAll_showsEveryImageNotDiscarded() {
    Group g = paintedGroup("all of it", 2);
    me.post(mark(g.jobs().get(0), 0), form("mark", "KEPT"));
    me.post(mark(g.jobs().get(1), 1), form("mark", "DISCARDED"));

    String page =
        stranger
            .get(
                sharePath(
                    me.post("/app/shares", form("groupId", g.id(), "contents", "ALL")).body()))
            .body();

    assertThat(images(page))
        .containsExactlyInAnyOrder(
            StorageKeys.image(g.jobs().get(0), 0),
            StorageKeys.image(g.jobs().get(0), 1),
            StorageKeys.image(g.jobs().get(1), 0));
  }

  @Test
  void groupShare_withUnknownContents_isRefusedNamingTheField() {
    Group g = paintedGroup("odd contents", 1);

    HttpResponse<String> response =
        me.post("/app/shares", form("groupId", g.id(), "contents", "DISCARDED"));

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).contains("contents must be KEPT or ALL");
    assertThat(me.get("/app/shares").body()).doesNotContain("odd contents");
  }

  @Test
  void shareCreated_offersTheShareSheetAndCopy_withoutInlineScript() {
    String job = paintedJob("a lighthouse at dusk", 1);

    HttpResponse<String> created = me.post("/app/shares", form("jobId", job, "index", "0"));

    String url = "http://" + server.getHost() + ":" + server.getPort() + sharePath(created.body());
    assertThat(created.body())
        .contains(
            "<button type=\"button\" class=\"share-sheet\" data-share-url=\""
                + url
                + "\" data-share-title=\"a lighthouse at dusk · Goldpan\" hidden>")
        .contains("class=\"share-copy\" data-copy=\"share-url\"")
        .contains("id=\"share-status\" class=\"share-status\" role=\"status\"")
        .doesNotContain("<script>")
        .doesNotContain(" onclick");
    assertThat(created.headers().firstValue("Content-Security-Policy").orElseThrow())
        .contains("script-src 'self';");
  }

  @Test
  void sharePage_isACard_withLazyThumbnails_fullImageOnTap_andSaysItIsAiGenerated() {
    String job = paintedJob("a fox in the snow", 2);
    String path = sharePath(me.post("/app/shares", form("jobId", job, "index", "1")).body());
    String base = "http://" + server.getHost() + ":" + server.getPort();

    String page = stranger.get(path).body();

    assertThat(page)
        .contains("<meta property=\"og:type\" content=\"website\">")
        .contains("<meta property=\"og:title\" content=\"a fox in the snow · Goldpan\">")
        .contains(
            "<meta property=\"og:description\" content=\"AI-generated image from the prompt"
                + " “a fox in the snow”, made with Goldpan.\">")
        .contains("<meta property=\"og:image\" content=\"" + base + path + "/preview\">")
        .contains("<meta property=\"og:url\" content=\"" + base + path + "\">")
        .contains("<meta name=\"twitter:card\" content=\"summary_large_image\">")
        .contains("<meta name=\"robots\" content=\"noindex\">")
        .contains("AI-generated images, made with Goldpan")
        .contains(
            "<a href=\"https://signed.example/"
                + StorageKeys.image(job, 1)
                + "?sig=test\"><img src=\"https://signed.example/"
                + StorageKeys.thumbnail(job, 1)
                + "?sig=test\"")
        .contains("loading=\"lazy\"")
        .doesNotContain(StorageKeys.image(job, 0));
  }

  @Test
  void preview_redirectsToAFreshlySignedImage_andDiesWithTheShare() {
    String job = paintedJob("preview me", 1);
    String path =
        sharePath(me.post("/app/shares", form("jobId", job, "index", "0", "days", "1")).body());

    HttpResponse<String> preview = stranger.get(path + "/preview");

    assertThat(preview.statusCode()).isEqualTo(302);
    assertThat(preview.headers().firstValue("Location"))
        .hasValue("https://signed.example/" + StorageKeys.image(job, 0) + "?sig=test");
    assertThat(preview.headers().firstValue("Cache-Control")).hasValue("no-store");
    assertThat(preview.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
    assertThat(stranger.get("/s/" + "B".repeat(43) + "/preview").statusCode()).isEqualTo(404);
    assertThat(stranger.get("/s/short/preview").statusCode()).isEqualTo(404);

    clock.advance(Duration.ofDays(2));
    assertThat(stranger.get(path + "/preview").statusCode()).isEqualTo(410);
    assertThat(stranger.get(path).statusCode()).isEqualTo(410);
  }

  @Test
  void preview_ofARevokedShare_isGone() {
    String job = paintedJob("revoke my card", 1);
    String path = sharePath(me.post("/app/shares", form("jobId", job, "index", "0")).body());
    assertThat(stranger.get(path + "/preview").statusCode()).isEqualTo(302);

    Matcher revoke =
        Pattern.compile("/app/shares/([0-9a-f-]{36})/revoke").matcher(me.get("/app/shares").body());
    assertThat(revoke.find()).isTrue();
    assertThat(me.post("/app/shares/" + revoke.group(1) + "/revoke", "").statusCode())
        .isEqualTo(303);

    assertThat(stranger.get(path + "/preview").statusCode()).isEqualTo(410);
    assertThat(stranger.get(path + "/preview").headers().firstValue("Location")).isEmpty();
  }

  @Test
  void groupShareWithNothingKept_hasNoCardImage_andNoPreview() {
    Group g = paintedGroup("nothing kept yet", 1);
    String path = sharePath(me.post("/app/shares", form("groupId", g.id())).body());

    String page = stranger.get(path).body();

    assertThat(page).contains("Nothing is shared here yet").doesNotContain("og:image");
    assertThat(stranger.get(path + "/preview").statusCode()).isEqualTo(404);
  }

  @Test
  void sharesList_showsEachSharesThumbnailAndPrompt_onlyToItsOwner() {
    String job = paintedJob("a list-worthy owl", 2);
    me.post("/app/shares", form("jobId", job, "index", "1"));
    Group g = paintedGroup("a listed group", 1);
    me.post(mark(g.jobs().get(1), 0), form("mark", "KEPT"));
    me.post("/app/shares", form("groupId", g.id()));

    String list = me.get("/app/shares").body();

    assertThat(list)
        .contains(
            "<img src=\"https://signed.example/" + StorageKeys.thumbnail(job, 1) + "?sig=test\"")
        .contains("<span class=\"share-prompt\">a list-worthy owl</span>")
        .contains(
            "<img src=\"https://signed.example/"
                + StorageKeys.thumbnail(g.jobs().get(1), 0)
                + "?sig=test\"")
        .contains("<span class=\"share-prompt\">a listed group</span>")
        .contains("group · kept images")
        .contains("image 2 · until ");
    assertThat(other.get("/app/shares").body())
        .doesNotContain("a list-worthy owl")
        .doesNotContain("a listed group");
  }

  // --- helpers ----------------------------------------------------------------------------------

  @Test
  void promptsLeftOut_noShareOfTheOwnerShowsThePrompt_andItsPicturesComeWithoutIt()
      throws Exception {
    Group g = paintedGroup("a secret lighthouse plan", 2);
    me.post(mark(g.jobs().get(0), 1), form("mark", "KEPT"));
    byte[] png = pngWithPrompt("a secret lighthouse plan");
    bucket.put(StorageKeys.image(g.jobs().get(0), 1), png);
    String path = sharePath(me.post("/app/shares", form("groupId", g.id())).body());
    assertThat(stranger.get(path).body()).contains("a secret lighthouse plan");

    HttpResponse<String> saved = me.post("/app/shares/settings", form("prompts", "left-out"));

    assertThat(saved.statusCode()).isEqualTo(303);
    assertThat(me.get("/app/shares").body()).contains("<option value=\"left-out\" selected>");
    // the link made before the choice follows it too
    String page = stranger.get(path).body();
    assertThat(page).doesNotContain("secret lighthouse").contains("AI-generated");
    String served = path + "/images/" + g.jobs().get(0) + "/1.png";
    assertThat(page).contains("<a href=\"" + served + "\">");
    assertThat(images(page)).isEmpty();
    HttpResponse<byte[]> file = stranger.sendBytes(stranger.builder(served).GET());
    assertThat(file.statusCode()).isEqualTo(200);
    assertThat(file.headers().firstValue("Content-Type")).hasValue("image/png");
    assertThat(file.body()).isEqualTo(PngWithoutPrompt.of(png));
    assertThat(new String(file.body(), StandardCharsets.ISO_8859_1)).doesNotContain("lighthouse");
    HttpResponse<byte[]> preview = stranger.sendBytes(stranger.builder(path + "/preview").GET());
    assertThat(preview.headers().firstValue("Location")).hasValue(served);
    // only what the share shows: image 0 was not kept
    String notShown = path + "/images/" + g.jobs().get(0) + "/0.png";
    assertThat(stranger.sendBytes(stranger.builder(notShown).GET()).statusCode()).isEqualTo(404);
    String noShare = "/s/" + "A".repeat(43) + "/images/" + g.jobs().get(0) + "/1.png";
    assertThat(stranger.sendBytes(stranger.builder(noShare).GET()).statusCode()).isEqualTo(404);

    assertThat(me.post("/app/shares/settings", form("prompts", "maybe")).statusCode())
        .isEqualTo(400);
    me.post("/app/shares/settings", form("prompts", "shown"));
    assertThat(stranger.get(path).body()).contains("a secret lighthouse plan");
  }

  /** A small PNG whose {@code parameters} text holds {@code prompt}, as the runner writes it. */
  private static byte[] pngWithPrompt(String prompt) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB), "png", out);
    byte[] plain = out.toByteArray();
    byte[] data = ("parameters\0" + prompt + "\nSteps: 2").getBytes(StandardCharsets.ISO_8859_1);
    CRC32 crc = new CRC32();
    crc.update("tEXt".getBytes(StandardCharsets.ISO_8859_1));
    crc.update(data);
    byte[] chunk =
        ByteBuffer.allocate(12 + data.length)
            .putInt(data.length)
            .put("tEXt".getBytes(StandardCharsets.ISO_8859_1))
            .put(data)
            .putInt((int) crc.getValue())
            .array();
    int afterHeader = 8 + 12 + ByteBuffer.wrap(plain).getInt(8);
    ByteArrayOutputStream png = new ByteArrayOutputStream();
    png.write(plain, 0, afterHeader);
    png.write(chunk);
    png.write(plain, afterHeader, plain.length - afterHeader);
    return png.toByteArray();
  }

  private record Group(String id, List<String> jobs) {}

  /** A group of two styles, each job painted with {@code images} images. */
  private Group paintedGroup(String prompt, int images) {
    String location =
        me.post(
                "/app/jobs",
                form(
                    "prompt",
                    prompt,
                    "style",
                    "b:ukiyo-e",
                    "style",
                    "b:pixel art",
                    "count",
                    Integer.toString(images)))
            .headers()
            .firstValue("Location")
            .orElseThrow();
    List<String> jobs = jobIds(me.get(location).body());
    assertThat(jobs).hasSize(2);
    jobs.forEach(j -> succeed(j, images));
    return new Group(location.substring("/app/groups/".length()), jobs);
  }

  private String paintedJob(String prompt, int images) {
    Matcher m =
        JOB_ID.matcher(
            me.post("/app/jobs", form("prompt", prompt, "count", Integer.toString(images)))
                .headers()
                .firstValue("Location")
                .orElse(""));
    assertThat(m.find()).isTrue();
    succeed(m.group(1), images);
    return m.group(1);
  }

  private void succeed(String job, int images) {
    List<ImageResult> results = new ArrayList<>();
    for (int i = 0; i < images; i++) {
      results.add(
          new ImageResult(
              i, 100 + i, StorageKeys.image(job, i), StorageKeys.thumbnail(job, i), 512, 512));
    }
    events.apply(
        RunnerEvent.succeeded(
            job, "runner-1", Instant.now(clock), results, new Timings(1, 2, 3, 6)));
  }

  private static String mark(String job, int index) {
    return "/app/images/" + job + "/" + index + "/mark";
  }

  /** The full-image keys a share page links to, in page order. */
  private static List<String> images(String page) {
    Matcher m = Pattern.compile("<a href=\"https://signed.example/(images/[^?]+)\\?").matcher(page);
    List<String> keys = new ArrayList<>();
    while (m.find()) {
      keys.add(m.group(1));
    }
    return keys;
  }

  private static List<String> jobIds(String page) {
    Matcher m = JOB_ID.matcher(page);
    List<String> ids = new ArrayList<>();
    while (m.find()) {
      if (!ids.contains(m.group(1))) {
        ids.add(m.group(1));
      }
    }
    return ids;
  }

  private static String sharePath(String page) {
    Matcher m = SHARE.matcher(page);
    assertThat(m.find()).as(page).isTrue();
    return m.group(1);
  }
}
