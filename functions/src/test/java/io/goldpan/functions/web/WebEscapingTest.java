package io.goldpan.functions.web;

import static io.goldpan.functions.support.Browser.form;
import static org.assertj.core.api.Assertions.assertThat;

import io.goldpan.contract.ImageResult;
import io.goldpan.contract.RunnerEvent;
import io.goldpan.contract.StorageKeys;
import io.goldpan.contract.Timings;
import io.goldpan.functions.auth.ApiKeys;
import io.goldpan.functions.events.JobEvents;
import io.goldpan.functions.gallery.GallerySearch;
import io.goldpan.functions.support.Browser;
import io.goldpan.testing.MutableClock;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What a user typed is text on every page and live fragment: the templates escape it, so a prompt
 * or a style name that looks like markup never becomes markup. And each security header is sent
 * exactly once.
 */
@MicronautTest(transactional = false)
class WebEscapingTest {
  private static final String HOSTILE = "<script>alert(1)</script>\"><img src=x onerror=alert(1)>";
  private static final Pattern JOB_ID = Pattern.compile("/app/jobs/([0-9a-f-]{36})");
  private static final Pattern SHARE =
      Pattern.compile("href=\"https?://[^/]+(/s/[A-Za-z0-9_-]+)\"");

  @Inject EmbeddedServer server;
  @Inject ApiKeys apiKeys;
  @Inject JobEvents events;
  @Inject MutableClock clock;

  Browser me;

  @BeforeEach
  void setUp() {
    me = new Browser(server.getURI()).signIn(apiKeys.create("escape-" + UUID.randomUUID()));
  }

  @Test
  void hostilePromptAndStyleName_areTextOnEveryPageAndFragment() {
    assertThat(
            me.post("/app/styles", form("name", HOSTILE, "template", "{prompt} " + HOSTILE))
                .statusCode())
        .isEqualTo(303);
    assertEscaped("styles page", me.get("/app/styles"), 200);
    assertEscaped(
        "styles form re-rendered with errors",
        me.post("/app/styles", form("name", HOSTILE, "template", "no placeholder")),
        400);

    String newForm = me.get("/app/new").body();
    assertEscaped("submit form", newForm);
    Matcher preset = Pattern.compile("value=\"(p:[0-9a-f-]{36})\"").matcher(newForm);
    assertThat(preset.find()).isTrue();
    String style = preset.group(1);

    assertEscaped(
        "submit form re-rendered with errors",
        me.post("/app/jobs", form("prompt", HOSTILE, "style", style, "count", "nope")),
        400);

    String group =
        me.post("/app/jobs", form("prompt", HOSTILE, "style", style, "style", "b:watercolour"))
            .headers()
            .firstValue("Location")
            .orElseThrow();
    assertThat(group).startsWith("/app/groups/");
    List<String> jobs = jobIds(me.get(group).body());
    assertThat(jobs).hasSize(2);
    for (String job : jobs) {
      succeed(job);
    }
    String job = jobs.get(0);

    assertEscaped("group page", me.get(group), 200);
    assertEscaped("group live", me.getJson(group + "/live"), 200);
    assertEscaped("job page", me.get("/app/jobs/" + job), 200);
    assertEscaped("job live", me.getJson("/app/jobs/" + job + "/live"), 200);
    assertEscaped("gallery", me.get("/app"), 200);
    assertEscaped("gallery search", me.get("/app?q=" + "%3Cscript%3E"), 200);
    assertEscaped("gallery live", me.getJson("/app/gallery/live"), 200);
    assertEscaped("gallery live search", me.getJson("/app/gallery/live?q=%3Cscript%3E"), 200);
    assertEscaped("gallery search that finds nothing", me.get("/app?q=%3Cscript%3Enowhere"), 200);
    assertEscaped(
        "gallery live search that finds nothing",
        me.getJson("/app/gallery/live?q=%3Cscript%3Enowhere"),
        200);
    assertEscaped(
        "gallery search over the limit",
        me.get("/app?q=%3Cscript%3E+" + "x+".repeat(GallerySearch.MAX_WORDS)),
        400);
    assertEscaped("job page with its history", me.get("/app/jobs/" + job + "?show=all"), 200);
    assertEscaped("reuse form", me.get("/app/new?from=" + job), 200);
    assertEscaped("reuse form from an image", me.get("/app/new?from=" + job + "&image=0"), 200);
    assertEscaped(
        "same seed, other styles", me.get("/app/new?from=" + job + "&image=0&pick=styles"), 200);
    assertEscaped("form remembering the last settings", me.get("/app/new"), 200);
    assertEscaped("groups list", me.get("/app/groups"), 200);
    assertEscaped(
        "count above the limit re-rendered with errors",
        me.post("/app/jobs", form("prompt", HOSTILE, "count", "other", "countOther", "41")),
        400);

    String varied =
        me.post("/app/images/" + job + "/0/vary", form("strength", "subtle"))
            .headers()
            .firstValue("Location")
            .orElseThrow();
    String variedPage = me.get(varied).body();
    assertThat(variedPage).contains("<figcaption>Source</figcaption>");
    assertEscaped("vary group page with its source", variedPage);
    assertThat(me.post("/app/images/" + job + "/0/vary", form("strength", HOSTILE)).body())
        .as("a bad strength is not echoed")
        .doesNotContain("<script>alert")
        .doesNotContain("<img src=x");

    me.post("/app/images/" + job + "/0/mark", form("mark", "KEPT", "back", "/app"));
    String groupId = group.substring("/app/groups/".length());
    HttpResponse<String> groupShare = me.post("/app/shares", form("groupId", groupId));
    assertEscaped("share created page", groupShare, 201);
    Matcher share = SHARE.matcher(groupShare.body());
    assertThat(share.find()).isTrue();
    Browser stranger = new Browser(server.getURI());
    HttpResponse<String> sharedGroup = stranger.get(share.group(1));
    assertEscaped("shared group page", sharedGroup, 200);
    assertThat(sharedGroup.body())
        .as("the prompt in the card's tags is escaped too")
        .contains(
            "<meta property=\"og:title\" content=\"&lt;script>alert(1)&lt;/script>&#34;>&lt;img"
                + " src=x onerror=alert(1)> · Goldpan\">")
        .contains("<meta property=\"og:description\" content=\"AI-generated image from the prompt");

    Matcher image = SHARE.matcher(me.post("/app/shares", form("jobId", job, "index", "0")).body());
    assertThat(image.find()).isTrue();
    assertEscaped("shared image page", stranger.get(image.group(1)), 200);
    assertEscaped("share list", me.get("/app/shares"), 200);
  }

  @Test
  void everySecurityHeader_isSentExactlyOnce() {
    String job =
        jobId(me.post("/app/jobs", form("prompt", "headers once", "count", "1")).headers());
    succeed(job);
    for (String path :
        List.of(
            "/app",
            "/app/new",
            "/app/styles",
            "/app/shares",
            "/app/jobs/" + job,
            "/app/jobs/" + job + "/live",
            "/app/gallery/live",
            "/app/status",
            "/app/jobs/00000000-0000-0000-0000-000000000000",
            "/login")) {
      HttpResponse<String> response = me.get(path);
      for (String header :
          List.of("Content-Security-Policy", "X-Content-Type-Options", "Referrer-Policy")) {
        assertThat(response.headers().allValues(header)).as(path + " " + header).hasSize(1);
      }
    }
    HttpResponse<String> response = me.post("/app/jobs", form("prompt", "x", "count", "nope"));
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.headers().allValues("Content-Security-Policy")).hasSize(1);
    assertThat(response.headers().allValues("Content-Security-Policy").get(0))
        .contains("script-src 'self'")
        .contains("style-src 'self'")
        .doesNotContain("unsafe-inline");
  }

  private static void assertEscaped(String what, HttpResponse<String> response, int status) {
    assertThat(response.statusCode()).as(what).isEqualTo(status);
    assertEscaped(what, response.body());
  }

  private static void assertEscaped(String what, String body) {
    assertThat(body)
        .as(what)
        .contains("&lt;script")
        .doesNotContain("<script>alert")
        .doesNotContain("<img src=x")
        .doesNotContain("</script>\"");
  }

  private void succeed(String job) {
    events.apply(
        RunnerEvent.succeeded(
            job,
            "runner-1",
            Instant.now(clock),
            List.of(
                new ImageResult(
                    0, 100, StorageKeys.image(job, 0), StorageKeys.thumbnail(job, 0), 512, 512)),
            new Timings(1, 2, 3, 6)));
  }

  private static String jobId(java.net.http.HttpHeaders headers) {
    Matcher m = JOB_ID.matcher(headers.firstValue("Location").orElse(""));
    assertThat(m.find()).isTrue();
    return m.group(1);
  }

  private static List<String> jobIds(String page) {
    Matcher m = JOB_ID.matcher(page);
    List<String> ids = new java.util.ArrayList<>();
    while (m.find()) {
      if (!ids.contains(m.group(1))) {
        ids.add(m.group(1));
      }
    }
    return ids;
  }
}
