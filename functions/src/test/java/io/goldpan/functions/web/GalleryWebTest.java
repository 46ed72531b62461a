package io.goldpan.functions.web;

import static io.goldpan.functions.support.Browser.form;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.goldpan.contract.ImageResult;
import io.goldpan.contract.JobLimits;
import io.goldpan.contract.Preview;
import io.goldpan.contract.RunnerEvent;
import io.goldpan.contract.StorageKeys;
import io.goldpan.contract.Timings;
import io.goldpan.functions.auth.ApiKeys;
import io.goldpan.functions.events.JobEvents;
import io.goldpan.functions.support.Browser;
import io.goldpan.functions.support.RecordingImageObjects;
import io.goldpan.functions.support.RecordingJobQueue;
import io.goldpan.testing.MutableClock;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@MicronautTest(transactional = false)
class GalleryWebTest {
  private static final Pattern JOB_ID = Pattern.compile("/app/jobs/([0-9a-f-]{36})");
  private static final Pattern SHARE =
      Pattern.compile("href=\"https?://[^/]+(/s/[A-Za-z0-9_-]+)\"");

  @Inject EmbeddedServer server;
  @Inject ApiKeys apiKeys;
  @Inject JobEvents events;
  @Inject RecordingJobQueue queue;
  @Inject RecordingImageObjects bucket;
  @Inject MutableClock clock;

  Browser me;
  Browser other;

  @BeforeEach
  void setUp() {
    me = new Browser(server.getURI()).signIn(apiKeys.create("me-" + UUID.randomUUID()));
    other = new Browser(server.getURI()).signIn(apiKeys.create("other-" + UUID.randomUUID()));
  }

  // --- submit -----------------------------------------------------------------------------------

  @Test
  void submit_singlePrompt_queuesOneJob_andRedirectsToItsPage() {
    int before = queue.sent().size();

    HttpResponse<String> response = me.post("/app/jobs", form("prompt", "a gnome", "count", "2"));

    assertThat(response.statusCode()).isEqualTo(303);
    String location = response.headers().firstValue("Location").orElseThrow();
    assertThat(location).matches("/app/jobs/[0-9a-f-]{36}");
    assertThat(queue.sent()).hasSize(before + 1);
    String page = me.get(location).body();
    assertThat(page).contains("a gnome").contains("Queued, position");
  }

  @Test
  void submit_withTheFastDecoderChosen_sendsIt_andTheFormOffersBoth() {
    assertThat(me.get("/app/new").body())
        .contains("<label for=\"decoder\">Decoder</label>")
        .contains("<option value=\"full\" selected>")
        .contains("<option value=\"fast\">");
    int before = queue.sent().size();

    HttpResponse<String> response =
        me.post("/app/jobs", form("prompt", "a quick gnome", "count", "1", "decoder", "fast"));

    assertThat(response.statusCode()).isEqualTo(303);
    assertThat(queue.sent()).hasSize(before + 1);
    assertThat(queue.sent().get(before).parameters().decoder()).isEqualTo("fast");
    HttpResponse<String> wrong =
        me.post("/app/jobs", form("prompt", "a gnome", "count", "1", "decoder", "tiny"));
    assertThat(wrong.statusCode()).isEqualTo(400);
    assertThat(wrong.body()).contains("id=\"decoder-error\"").contains("must be full or fast");
  }

  @Test
  void submit_sameRenderedFormTwice_makesOneSubmission_andBothLandOnItsPage() {
    Matcher key =
        Pattern.compile("name=\"idempotencyKey\" value=\"([0-9a-f-]{36})\"")
            .matcher(me.get("/app/new").body());
    assertThat(key.find()).as("the form carries a one-time key").isTrue();
    String body =
        form("prompt", "a double-tapped gnome", "count", "1", "idempotencyKey", key.group(1));
    int before = queue.sent().size();

    HttpResponse<String> first = me.post("/app/jobs", body);
    HttpResponse<String> again = me.post("/app/jobs", body);

    assertThat(first.statusCode()).isEqualTo(303);
    assertThat(again.statusCode()).isEqualTo(303);
    assertThat(again.headers().firstValue("Location"))
        .isEqualTo(first.headers().firstValue("Location"));
    assertThat(queue.sent()).hasSize(before + 1);
  }

  @Test
  void submit_badFields_returns400_withErrorsNextToFields_andQueuesNothing() {
    int before = queue.sent().size();

    HttpResponse<String> response =
        me.post("/app/jobs", form("prompt", "a gnome", "count", "99", "steps", "lots"));

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body())
        .contains("id=\"count-error\">must be an integer from 1 to 40")
        .contains("id=\"steps-error\"")
        .contains("aria-describedby=\"count-error\"")
        .contains(">a gnome</textarea>");
    assertThat(queue.sent()).hasSize(before);
  }

  @Test
  void submit_variantsTimesStyles_makesOneGroupWithAJobPerCombination() {
    int before = queue.sent().size();

    HttpResponse<String> response =
        me.post(
            "/app/jobs",
            form(
                "prompt",
                "a {red|blue} fox",
                "style",
                "b:ukiyo-e",
                "style",
                "b:cctv footage",
                "seed",
                "42"));

    assertThat(response.statusCode()).isEqualTo(303);
    String group = response.headers().firstValue("Location").orElseThrow();
    assertThat(group).matches("/app/groups/[0-9a-f-]{36}");
    var sent = queue.sent().subList(before, queue.sent().size());
    assertThat(sent)
        .extracting(m -> m.parameters().prompt())
        .containsExactly(
            "a red fox, ukiyo-e woodblock print, flat colours, bold outlines",
            "cctv footage of a red fox, grainy, timestamp overlay",
            "a blue fox, ukiyo-e woodblock print, flat colours, bold outlines",
            "cctv footage of a blue fox, grainy, timestamp overlay");
    assertThat(sent).allMatch(m -> m.parameters().seed() == 42);
    String page = me.get(group).body();
    assertThat(count(page, "<tr data-style")).isEqualTo(4);
    assertThat(page).contains("data-style=\"ukiyo-e\"").contains("data-style=\"cctv footage\"");
  }

  @Test
  void submit_overTheFanOutCap_returns400_andQueuesNothing() {
    int before = queue.sent().size();

    HttpResponse<String> response =
        me.post("/app/jobs", form("prompt", "{a|b|c|d|e|f|g|h} {1|2|3|4|5|6|7}"));

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).contains("expands to 56 jobs").contains("at most 50");
    assertThat(queue.sent()).hasSize(before);
  }

  @Test
  void submit_templateLongerThanAGroupHolds_returns400NamingPrompt_andStoresNothing() {
    int before = queue.sent().size();
    // Each choice is stripped, so both jobs are short; the group would keep the whole template.
    String template = "{a" + " ".repeat(4100) + "|b} fox";

    HttpResponse<String> response = me.post("/app/jobs", form("prompt", template));

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body())
        .contains(
            "id=\"prompt-error\">must be at most 4000 characters before its {a|b} variants are"
                + " expanded (got 4109)")
        .doesNotContain("SQL")
        .doesNotContain("Internal Server Error");
    assertThat(queue.sent()).hasSize(before);
  }

  @Test
  void submit_hostileVariantTemplate_isRefusedWith400NamingPrompt_inBoundedTime() {
    int before = queue.sent().size();

    HttpResponse<String> response =
        assertTimeoutPreemptively(
            Duration.ofSeconds(5),
            () -> me.post("/app/jobs", form("prompt", "{" + "|".repeat(20_000))));

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body())
        .contains(
            "id=\"prompt-error\">must be at most 4000 characters before its {a|b} variants are"
                + " expanded (got 20001)");
    assertThat(queue.sent()).hasSize(before);
  }

  @Test
  void submit_variantExpandingPastThePromptLimit_returns400NamingPrompt() {
    int before = queue.sent().size();

    HttpResponse<String> response =
        me.post(
            "/app/jobs", form("prompt", "{" + "x".repeat(JobLimits.PROMPT_MAX_CHARS) + "|y} fox"));

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body())
        .contains("id=\"prompt-error\">must be at most 1000 characters (got 1004)");
    assertThat(queue.sent()).hasSize(before);
  }

  @Test
  void submit_unknownStyle_isAFieldError() {
    HttpResponse<String> response = me.post("/app/jobs", form("prompt", "x", "style", "b:nope"));

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).contains("id=\"styles-error\">has an unknown style");
  }

  @Test
  void savedPreset_isOfferedAndUsable_onlyByItsOwner() {
    assertThat(
            me.post("/app/styles", form("name", "glass", "template", "{prompt} in stained glass"))
                .statusCode())
        .isEqualTo(303);
    assertThat(me.post("/app/styles", form("name", "bad", "template", "no placeholder")).body())
        .contains("id=\"template-error\"");
    String formPage = me.get("/app/new").body();
    Matcher m = Pattern.compile("value=\"(p:[0-9a-f-]{36})\"").matcher(formPage);
    assertThat(m.find()).isTrue();
    String key = m.group(1);
    int before = queue.sent().size();

    assertThat(me.post("/app/jobs", form("prompt", "a cat", "style", key)).statusCode())
        .isEqualTo(303);
    assertThat(queue.sent().get(before).parameters().prompt()).isEqualTo("a cat in stained glass");
    assertThat(other.post("/app/jobs", form("prompt", "a cat", "style", key)).statusCode())
        .isEqualTo(400);
    assertThat(other.post("/app/styles/" + key.substring(2) + "/delete", "").statusCode())
        .isEqualTo(404);
  }

  @Test
  void textsSqsCannotCarry_inThePromptOrAStyle_returns400NamingTheField_andQueueNothing() {
    int before = queue.sent().size();

    HttpResponse<String> prompt = me.post("/app/jobs", form("prompt", "a fox\ufffe"));
    HttpResponse<String> template =
        me.post("/app/styles", form("name", "odd", "template", "{prompt} \uffff"));
    HttpResponse<String> name =
        me.post("/app/styles", form("name", "odd\ufffe", "template", "{prompt} odd"));

    assertThat(prompt.statusCode()).isEqualTo(400);
    assertThat(prompt.body())
        .contains(
            "id=\"prompt-error\">must not contain U+FFFE (at position 5): an SQS message cannot"
                + " carry it");
    assertThat(template.statusCode()).isEqualTo(400);
    assertThat(template.body())
        .contains("id=\"template-error\">must not contain U+FFFF (at position 9)");
    assertThat(name.statusCode()).isEqualTo(400);
    assertThat(name.body()).contains("id=\"name-error\">must not contain U+FFFE (at position 3)");
    assertThat(queue.sent()).hasSize(before);
    assertThat(me.get("/app/new").body()).doesNotContain("odd");
  }

  // --- CSRF -------------------------------------------------------------------------------------

  @Test
  void everyStateChangingRoute_withoutOrWithWrongCsrfToken_returns403_andChangesNothing() {
    String job = paintedJob(me, "csrf target", 1);
    List<String> routes =
        List.of(
            "/app/jobs",
            "/app/jobs/" + job + "/more",
            "/app/jobs/" + job + "/cancel",
            "/app/groups/" + UUID.randomUUID() + "/cancel",
            "/app/images/" + job + "/0/mark",
            "/app/purge",
            "/app/shares",
            "/app/shares/" + UUID.randomUUID() + "/revoke",
            "/app/styles",
            "/app/styles/" + UUID.randomUUID() + "/delete",
            "/app/logout");
    int before = queue.sent().size();
    for (String route : routes) {
      String body = form("prompt", "x", "mark", "KEPT", "jobId", job, "index", "0");
      assertThat(me.post(route, body, false).statusCode()).as("no token: " + route).isEqualTo(403);
      assertThat(me.post(route, body + "&_csrf=wrong", false).statusCode())
          .as("wrong token: " + route)
          .isEqualTo(403);
      assertThat(
              me.send(
                      me.builder(route)
                          .header("Content-Type", "application/x-www-form-urlencoded")
                          .header("X-CSRF-Token", other.csrf())
                          .POST(BodyPublishers.ofString(body)))
                  .statusCode())
          .as("another session's token: " + route)
          .isEqualTo(403);
    }
    assertThat(queue.sent()).hasSize(before);
    assertThat(me.get("/app?show=kept").body()).doesNotContain("csrf target");
    assertThat(me.get("/app").statusCode()).isEqualTo(200);
  }

  @Test
  void csrfHeader_isAcceptedForScripts() {
    String job = paintedJob(me, "header csrf", 1);

    HttpResponse<String> response =
        me.send(
            me.builder("/app/images/" + job + "/0/mark")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("X-CSRF-Token", me.csrf())
                .header("X-Requested-With", "fetch")
                .POST(BodyPublishers.ofString("mark=KEPT")));

    assertThat(response.statusCode()).isEqualTo(204);
    assertThat(me.get("/app?show=kept").body()).contains("header csrf");
  }

  // --- owner isolation --------------------------------------------------------------------------

  @Test
  void anotherOwnersJobGroupAndImages_areNotFound() {
    String job = paintedJob(me, "mine only", 2);
    String group =
        me.post("/app/jobs", form("prompt", "grouped", "style", "b:pixel art"))
            .headers()
            .firstValue("Location")
            .orElseThrow();

    assertThat(other.get("/app/jobs/" + job).statusCode()).isEqualTo(404);
    assertThat(other.getJson("/app/jobs/" + job + "/live").statusCode()).isEqualTo(404);
    assertThat(other.get(group).statusCode()).isEqualTo(404);
    assertThat(other.getJson(group + "/live").statusCode()).isEqualTo(404);
    assertThat(other.get(group + "/kept.zip").statusCode()).isEqualTo(404);
    assertThat(other.post("/app/images/" + job + "/0/mark", form("mark", "KEPT")).statusCode())
        .isEqualTo(404);
    assertThat(other.post("/app/jobs/" + job + "/more", "").statusCode()).isEqualTo(404);
    assertThat(other.post("/app/shares", form("jobId", job, "index", "0")).statusCode())
        .isEqualTo(404);
    assertThat(other.post("/app/shares", form("groupId", group.substring(12))).statusCode())
        .isEqualTo(404);
    assertThat(other.get("/app/new?from=" + job).statusCode()).isEqualTo(404);
    assertThat(other.get("/app").body()).doesNotContain("mine only");
    assertThat(me.post("/app/images/" + job + "/5/mark", form("mark", "KEPT")).statusCode())
        .isEqualTo(404);
  }

  // --- live progress ----------------------------------------------------------------------------

  @Test
  void live_showsQueuedPlace_thenSteps_thenImagesWithThumbnails() {
    String job = jobId(me.post("/app/jobs", form("prompt", "live one", "count", "2")));

    String queued = me.getJson("/app/jobs/" + job + "/live").body();
    assertThat(queued)
        .contains("Queued, position")
        .contains("runner asleep")
        .contains("\"done\":false");

    events.apply(RunnerEvent.progress(job, "runner-1", Instant.now(clock), 3, 8));
    assertThat(me.getJson("/app/jobs/" + job + "/live").body())
        .contains("Painting image 1 of 2 · step 3/4")
        .contains("<progress max=\\\"8\\\" value=\\\"3\\\">");

    succeed(job, 2);
    String done = me.getJson("/app/jobs/" + job + "/live").body();
    assertThat(done)
        .contains("\"done\":true")
        .contains("https://signed.example/thumbs/" + job + "/0.jpg?sig=test")
        .contains("alt=\\\"live one (image 1 of 2)\\\"");
  }

  @Test
  void live_whileRunning_showsTheLatestPreview_untilItsImageIsStored_toItsOwnerOnly() {
    String job = jobId(me.post("/app/jobs", form("prompt", "forming", "count", "2")));
    String preview = "/app/jobs/" + job + "/preview.jpg";
    assertThat(me.getJson("/app/jobs/" + job + "/live").body()).doesNotContain("preview");
    assertThat(me.get(preview).statusCode()).as("no preview yet").isEqualTo(404);

    events.apply(
        RunnerEvent.progress(
            job, "runner-1", Instant.now(clock), 3, 8, List.of(), new Preview(0, 3)));

    assertThat(me.getJson("/app/jobs/" + job + "/live").body())
        .contains("src=\\\"" + preview + "?step=3\\\"")
        .contains("alt=\\\"forming (image 1 of 2, forming)\\\"")
        .contains("Image 1 forming");
    assertThat(me.get("/app/jobs/" + job).body()).contains(preview + "?step=3");
    HttpResponse<String> jpeg = me.get(preview + "?step=3");
    assertThat(jpeg.statusCode()).isEqualTo(200);
    assertThat(jpeg.headers().firstValue("Content-Type")).hasValue("image/jpeg");
    assertThat(jpeg.body()).isEqualTo(StorageKeys.preview(job));
    assertThat(other.get(preview).statusCode()).isEqualTo(404);

    // an older preview never replaces a newer one
    events.apply(
        RunnerEvent.progress(
            job, "runner-1", Instant.now(clock), 3, 8, List.of(), new Preview(0, 2)));
    assertThat(me.getJson("/app/jobs/" + job + "/live").body()).contains(preview + "?step=3");

    // image 0 is stored: its preview gives way to it until image 1's first preview
    ImageResult first =
        new ImageResult(0, 1, StorageKeys.image(job, 0), StorageKeys.thumbnail(job, 0), 64, 64);
    events.apply(
        RunnerEvent.progress(
            job, "runner-1", Instant.now(clock), 4, 8, List.of(first), new Preview(0, 3)));
    assertThat(me.getJson("/app/jobs/" + job + "/live").body()).doesNotContain(preview);
    events.apply(
        RunnerEvent.progress(
            job, "runner-1", Instant.now(clock), 6, 8, List.of(first), new Preview(1, 6)));
    assertThat(me.getJson("/app/jobs/" + job + "/live").body())
        .contains(preview + "?step=6")
        .contains("Image 2 forming");

    succeed(job, 2);
    assertThat(me.getJson("/app/jobs/" + job + "/live").body()).doesNotContain(preview);
  }

  @Test
  void live_whileRunning_showsTheImagesStoredSoFar_theImageAndStep_andTheStatusDetail() {
    String job = jobId(me.post("/app/jobs", form("prompt", "arriving", "count", "4")));
    assertThat(me.get("/app/jobs/" + job).body()).contains("<dt>Status</dt><dd>QUEUED</dd>");

    events.apply(RunnerEvent.started(job, "runner-1", Instant.now(clock)));
    events.apply(
        RunnerEvent.progress(
            job,
            "runner-1",
            Instant.now(clock),
            32,
            80,
            List.of(
                new ImageResult(
                    0, 1, StorageKeys.image(job, 0), StorageKeys.thumbnail(job, 0), 512, 512))));

    String live = me.getJson("/app/jobs/" + job + "/live").body();
    assertThat(live)
        .contains("Painting image 2 of 4 · step 12/20")
        .contains("https://signed.example/thumbs/" + job + "/0.jpg?sig=test")
        .doesNotContain("/thumbs/" + job + "/1.jpg")
        .contains("<dt>Status</dt><dd>RUNNING</dd>")
        .contains("<dt>Started</dt>")
        .contains("\"done\":false");
    String page = me.get("/app/jobs/" + job).body();
    assertThat(page)
        .contains("<dt>Status</dt><dd>RUNNING</dd>")
        .doesNotContain("<dd>QUEUED</dd>")
        .contains("Painting image 2 of 4 · step 12/20");
  }

  // --- triage -----------------------------------------------------------------------------------

  @Test
  void keepAndDiscard_filterTheGallery_andPurgeDeletesImageAndThumb() {
    String job = paintedJob(me, "triage prompt", 3);

    me.post("/app/images/" + job + "/0/mark", form("mark", "KEPT", "back", "/app"));
    HttpResponse<String> discarded =
        me.post(
            "/app/images/" + job + "/1/mark", form("mark", "DISCARDED", "back", "//evil.example"));
    assertThat(discarded.headers().firstValue("Location")).hasValue("/app");

    String kept = me.get("/app?show=kept").body();
    assertThat(kept)
        .contains("/thumbs/" + job + "/0.jpg")
        .doesNotContain("/thumbs/" + job + "/1.jpg")
        .doesNotContain("/thumbs/" + job + "/2.jpg");
    String normal = me.get("/app").body();
    assertThat(normal)
        .contains("/thumbs/" + job + "/0.jpg")
        .contains("/thumbs/" + job + "/2.jpg")
        .doesNotContain("/thumbs/" + job + "/1.jpg");
    assertThat(me.get("/app?show=discarded").body()).contains("/thumbs/" + job + "/1.jpg");
    assertThat(me.get("/app?q=TRIAGE").body()).contains("triage prompt");
    assertThat(me.get("/app?q=nothing-like-it").body()).doesNotContain("triage prompt");

    Matcher confirm =
        Pattern.compile("name=\"confirm\" value=\"([0-9a-f]+)\"")
            .matcher(me.get("/app/purge").body());
    assertThat(confirm.find()).isTrue();
    assertThat(me.post("/app/purge", form("confirm", confirm.group(1))).statusCode())
        .isEqualTo(303);

    assertThat(bucket.deleted())
        .contains(StorageKeys.image(job, 1), StorageKeys.thumbnail(job, 1))
        .doesNotContain(StorageKeys.image(job, 0), StorageKeys.image(job, 2));
    assertThat(me.get("/app/jobs/" + job).body())
        .doesNotContain("purged")
        .contains("/thumbs/" + job + "/0.jpg")
        .doesNotContain("/thumbs/" + job + "/1.jpg");
    assertThat(me.getJson("/app/jobs/" + job + "/live").body()).doesNotContain("purged");
    assertThat(me.get("/app").body()).doesNotContain("purged");
    assertThat(me.get("/app/jobs/" + job + "?show=all").body()).contains("Image 2 purged");
    assertThat(me.get("/app?show=all").body()).contains("Image 2 purged");
  }

  // --- the gallery and the viewer's data ------------------------------------------------------

  @Test
  void gallery_searchMatchesEveryWordInAnyOrder_andTheEmptyStateSaysWhatWasSearched() {
    paintedJob(me, "a castle at night", 1);
    paintedJob(me, "night market", 1);

    String both = me.get("/app?q=NIGHT+castle").body();
    assertThat(both).contains("a castle at night").doesNotContain("night market");
    String none = me.get("/app?q=castle+market&show=kept").body();
    assertThat(none)
        .contains("No jobs match “castle market” among kept images.")
        .doesNotContain("a castle at night");
    HttpResponse<String> tooMany = me.get("/app?q=a+b+c+d+e+f+g");
    assertThat(tooMany.statusCode()).isEqualTo(400);
    assertThat(tooMany.body()).contains("Search must be at most 6 words (got 7).");
  }

  @Test
  void gallery_marksItsTab_datesEachJob_andItsLiveListShowsANewJob() {
    String page = me.get("/app").body();
    assertThat(page)
        .contains("<a href=\"/app\" aria-current=\"page\">Gallery</a>")
        .contains("<a href=\"/app/new\">New</a>")
        .contains("data-live=\"/app/gallery/live?q=&amp;show=default\"");
    assertThat(me.get("/app?page=2").body()).doesNotContain("/app/gallery/live");

    String before = me.getJson("/app/gallery/live?q=&show=default").body();
    assertThat(before).doesNotContain("arrives later");
    String job = paintedJob(me, "arrives later", 1);
    String after = me.getJson("/app/gallery/live?q=&show=default").body();
    assertThat(after)
        .contains("arrives later")
        .contains("data-key=\\\"" + job + "\\\"")
        .containsPattern("<time datetime=\\\\\"\\d{4}-\\d\\d-\\d\\dT[0-9:]+Z\\\\\">")
        .contains("\"done\":false");
    assertThat(me.getJson("/app/gallery/live?q=arrives+LATER&show=kept").body())
        .doesNotContain("arrives later")
        .contains("No jobs match");
  }

  @Test
  void eachImage_carriesItsOwnSeedSizeStepsModel_andTheActionsThatStartFromIt() {
    String job = paintedJob(me, "viewer data", 2);
    String page = me.get("/app/jobs/" + job).body();
    assertThat(page)
        .contains("data-key=\"" + job + "/1\"")
        .contains("data-seed=\"101\"")
        .contains("data-size=\"512×512\"")
        .containsPattern("data-steps=\"\\d+\"")
        .contains("data-model=\"demo\"")
        .contains("data-more=\"/app/jobs/" + job + "/more\"")
        .contains("data-styles=\"/app/new?from=" + job + "&amp;image=1&amp;pick=styles\"")
        .contains("data-reuse=\"/app/new?from=" + job + "&amp;image=1\"")
        .contains("<dialog id=\"viewer\"")
        .contains("data-slot=\"vary\"");
  }

  @Test
  void mark_withABackThatIsNoPlainLocalPath_returnsToTheGallery_neverA500OrAHeader() {
    String job = paintedJob(me, "back paths", 1);
    String mark = "/app/images/" + job + "/0/mark";

    for (String back :
        List.of(
            "/app/x y",
            "/app?q=a\r\nSet-Cookie: stolen=1",
            "/app\rX-Injected: 1",
            "/app/%zz",
            "/app/\u00e9",
            "/app?q=<script>",
            "https://evil.example/app",
            "/app/../login",
            "/app/%2e%2E/login")) {
      HttpResponse<String> response = me.post(mark, form("mark", "KEPT", "back", back));

      assertThat(response.statusCode()).as(back).isEqualTo(303);
      assertThat(response.headers().allValues("Location")).as(back).containsExactly("/app");
      assertThat(response.headers().map()).as(back).doesNotContainKey("x-injected");
      assertThat(response.headers().allValues("Set-Cookie")).as(back).isEmpty();
    }
    HttpResponse<String> good =
        me.post(mark, form("mark", "KEPT", "back", "/app/jobs/" + job + "?show=all&q=red+fox%21"));
    assertThat(good.headers().firstValue("Location"))
        .hasValue("/app/jobs/" + job + "?show=all&q=red+fox%21");
  }

  @Test
  void keptZip_holdsOnlyTheGroupsKeptImages() throws IOException {
    String group =
        me.post("/app/jobs", form("prompt", "zip me", "style", "b:ukiyo-e", "style", "b:pixel art"))
            .headers()
            .firstValue("Location")
            .orElseThrow();
    List<String> jobs = jobIds(me.get(group).body());
    assertThat(jobs).hasSize(2);
    jobs.forEach(j -> succeed(j, 2));
    me.post("/app/images/" + jobs.get(1) + "/1/mark", form("mark", "KEPT"));

    HttpResponse<byte[]> zip = me.sendBytes(me.builder(group + "/kept.zip").GET());

    assertThat(zip.statusCode()).isEqualTo(200);
    List<String> names = new ArrayList<>();
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip.body()))) {
      for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
        names.add(e.getName() + "=" + new String(in.readAllBytes()));
      }
    }
    // Jobs made in one millisecond come in id order: read the kept job's style off its message.
    String style =
        queue.sent().stream()
                .filter(m -> m.jobId().equals(jobs.get(1)))
                .findFirst()
                .orElseThrow()
                .parameters()
                .prompt()
                .contains("ukiyo-e")
            ? "ukiyo-e"
            : "pixel-art";
    assertThat(names)
        .containsExactly(style + "_seed-101_02.png=" + StorageKeys.image(jobs.get(1), 1));
  }

  // --- iterate ----------------------------------------------------------------------------------

  @Test
  void moreLikeThis_resubmitsWithANewSeed_andReusePrefillsTheForm() {
    String job = paintedJob(me, "again please", 1);
    int before = queue.sent().size();

    HttpResponse<String> more = me.post("/app/jobs/" + job + "/more", "");

    assertThat(more.statusCode()).isEqualTo(303);
    assertThat(queue.sent()).hasSize(before + 1);
    assertThat(queue.sent().get(before).parameters().prompt()).isEqualTo("again please");
    assertThat(me.get("/app/new?from=" + job).body()).contains(">again please</textarea>");
  }

  // --- shares -----------------------------------------------------------------------------------

  @Test
  void imageShare_showsOnlyThatImage_toAnyone_andOpensNothingElse() {
    String job = paintedJob(me, "share me", 2);
    me.post("/app/images/" + job + "/1/mark", form("mark", "KEPT"));
    HttpResponse<String> created = me.post("/app/shares", form("jobId", job, "index", "1"));
    assertThat(created.statusCode()).isEqualTo(201);
    String path = sharePath(created.body());

    Browser stranger = new Browser(server.getURI());
    HttpResponse<String> shared = stranger.get(path);

    assertThat(shared.statusCode()).isEqualTo(200);
    assertThat(shared.body())
        .contains("/images/" + job + "/1.png")
        .doesNotContain("/images/" + job + "/0.png")
        .doesNotContain("csrf")
        .doesNotContain("/app/");
    assertThat(shared.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
    assertThat(stranger.get("/app/jobs/" + job).statusCode()).isEqualTo(303);
    assertThat(stranger.get(path + "/../app").statusCode()).isIn(303, 404);
    assertThat(stranger.get("/s/" + "A".repeat(43)).statusCode()).isEqualTo(404);
    assertThat(stranger.get("/s/short").statusCode()).isEqualTo(404);
  }

  @Test
  void groupShare_showsTheGroup_andRevokedOrExpiredLinksAreGone() {
    String group =
        me.post("/app/jobs", form("prompt", "shared group", "style", "b:watercolour"))
            .headers()
            .firstValue("Location")
            .orElseThrow();
    String job = jobIds(me.get(group).body()).get(0);
    succeed(job, 1);
    me.post("/app/images/" + job + "/0/mark", form("mark", "KEPT"));
    String groupId = group.substring("/app/groups/".length());
    String path = sharePath(me.post("/app/shares", form("groupId", groupId)).body());
    Browser stranger = new Browser(server.getURI());
    assertThat(stranger.get(path).body())
        .contains("shared group")
        .contains("/images/" + job + "/0.png");

    String list = me.get("/app/shares").body();
    Matcher revoke = Pattern.compile("/app/shares/([0-9a-f-]{36})/revoke").matcher(list);
    assertThat(revoke.find()).isTrue();
    assertThat(other.post("/app/shares/" + revoke.group(1) + "/revoke", "").statusCode())
        .isEqualTo(404);
    assertThat(stranger.get(path).statusCode()).isEqualTo(200);
    assertThat(me.post("/app/shares/" + revoke.group(1) + "/revoke", "").statusCode())
        .isEqualTo(303);
    assertThat(stranger.get(path).statusCode()).isEqualTo(410);

    String second = sharePath(me.post("/app/shares", form("groupId", groupId, "days", "2")).body());
    assertThat(stranger.get(second).statusCode()).isEqualTo(200);
    clock.advance(Duration.ofDays(3));
    assertThat(stranger.get(second).statusCode()).isEqualTo(410);
  }

  @Test
  void share_lifetimeOverTheMaximum_isRefused() {
    String job = paintedJob(me, "too long", 1);

    HttpResponse<String> response =
        me.post("/app/shares", form("jobId", job, "index", "0", "days", "31"));

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).contains("days must be a whole number of days from 1 to 30");
  }

  // --- helpers ----------------------------------------------------------------------------------

  private String paintedJob(Browser who, String prompt, int images) {
    String job =
        jobId(who.post("/app/jobs", form("prompt", prompt, "count", Integer.toString(images))));
    succeed(job, images);
    return job;
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

  private static String jobId(HttpResponse<String> response) {
    Matcher m = JOB_ID.matcher(response.headers().firstValue("Location").orElse(""));
    assertThat(m.find())
        .as("redirect to a job: " + response.statusCode() + " " + response.body())
        .isTrue();
    return m.group(1);
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

  private static int count(String text, String needle) {
    int n = 0;
    for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
      n++;
    }
    return n;
  }
}
