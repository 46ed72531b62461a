package io.goldpan.functions.web;

import static io.goldpan.functions.support.Browser.form;
import static org.assertj.core.api.Assertions.assertThat;

import io.goldpan.contract.ImageResult;
import io.goldpan.contract.JobMessage;
import io.goldpan.contract.RunnerEvent;
import io.goldpan.contract.StorageKeys;
import io.goldpan.contract.Timings;
import io.goldpan.functions.auth.ApiKeys;
import io.goldpan.functions.events.JobEvents;
import io.goldpan.functions.support.Browser;
import io.goldpan.functions.support.RecordingCancelMarkers;
import io.goldpan.functions.support.RecordingJobQueue;
import io.goldpan.testing.MutableClock;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Iterating on one image: the form prefilled from an image (its own seed, "same seed, other
 * styles"), the count picker whose large counts become one group, the comparison grid, the list of
 * groups, and Cancel.
 */
@MicronautTest(transactional = false)
class IterateWebTest {
  private static final Pattern JOB_ID = Pattern.compile("/app/jobs/([0-9a-f-]{36})");

  @Inject EmbeddedServer server;
  @Inject ApiKeys apiKeys;
  @Inject JobEvents events;
  @Inject RecordingJobQueue queue;
  @Inject RecordingCancelMarkers cancelMarkers;
  @Inject MutableClock clock;

  Browser me;
  Browser other;

  @BeforeEach
  void setUp() {
    me = new Browser(server.getURI()).signIn(apiKeys.create("me-" + UUID.randomUUID()));
    other = new Browser(server.getURI()).signIn(apiKeys.create("other-" + UUID.randomUUID()));
  }

  // --- iterate from an image --------------------------------------------------------------------

  @Test
  void sameSeedOtherStyles_fromImage5_prefillsThatImagesSeed_andSubmitsItInEveryPickedStyle() {
    String group =
        location(
            me.post(
                "/app/jobs",
                form(
                    "prompt",
                    "a lighthouse",
                    "style",
                    "b:pixel art",
                    "count",
                    "8",
                    "seed",
                    "1000")));
    String job = jobIds(me.get(group).body()).get(0);

    HttpResponse<String> page = me.get("/app/new?from=" + job + "&image=4&pick=styles");

    assertThat(page.statusCode()).isEqualTo(200);
    String body = page.body();
    assertThat(body)
        .contains("id=\"seed\" name=\"seed\" inputmode=\"decimal\" value=\"1004\"")
        .contains(">a lighthouse</textarea>")
        .contains("Seed 1004 of image 5")
        .contains("(it was pixel art)")
        .doesNotContain("checked value=\"b:pixel art\"")
        .doesNotContain("value=\"b:pixel art\" checked");
    assertThat(body.indexOf("id=\"styles\""))
        .as("the style picker comes first")
        .isLessThan(body.indexOf("id=\"prompt\""));
    assertThat(body).containsPattern("id=\"count-other\" name=\"count\" value=\"other\" checked");
    assertThat(body)
        .contains("id=\"countOther\" name=\"countOther\" inputmode=\"numeric\" value=\"1\"");

    int before = queue.sent().size();
    HttpResponse<String> submitted =
        me.post(
            "/app/jobs",
            form(
                "prompt",
                "a lighthouse",
                "style",
                "b:ukiyo-e",
                "style",
                "b:watercolour",
                "count",
                "other",
                "countOther",
                "1",
                "seed",
                "1004"));
    assertThat(submitted.statusCode()).isEqualTo(303);
    List<JobMessage> sent = queue.sent().subList(before, queue.sent().size());
    assertThat(sent)
        .hasSize(2)
        .allMatch(m -> m.parameters().seed() == 1004 && m.parameters().count() == 1);
  }

  @Test
  void reuseFromAnImage_keepsItsSeedAndStyle_andAnImageInTheSecondJobOfARowUsesThatJobsSeeds() {
    int first = queue.sent().size();
    location(
        me.post(
            "/app/jobs",
            form("prompt", "a moth", "style", "b:pixel art", "count", "20", "seed", "500")));
    List<JobMessage> jobs = queue.sent().subList(first, queue.sent().size());
    assertThat(jobs)
        .extracting((JobMessage m) -> m.parameters().seed())
        .containsExactly(500L, 510L);
    int before = queue.sent().size();

    String body = me.get("/app/new?from=" + jobs.get(1).jobId() + "&image=3").body();

    assertThat(body)
        .contains("value=\"513\"")
        .contains("value=\"b:pixel art\" checked")
        .contains(">a moth</textarea>")
        .containsPattern("id=\"count-20\" name=\"count\" value=\"20\" checked");
    assertThat(queue.sent()).hasSize(before);
  }

  @Test
  void iterate_badImage_isA400OrA404Page_andAnotherOwnersJobIsNotFound() {
    String job = location(me.post("/app/jobs", form("prompt", "four", "count", "4"))).substring(10);

    HttpResponse<String> word = me.get("/app/new?from=" + job + "&image=five");
    HttpResponse<String> past = me.get("/app/new?from=" + job + "&image=4");
    HttpResponse<String> negative = me.get("/app/new?from=" + job + "&image=-1");

    assertThat(word.statusCode()).isEqualTo(400);
    assertThat(word.body()).contains("image must be an image number from 0 to 3");
    assertThat(negative.statusCode()).isEqualTo(400);
    assertThat(past.statusCode()).isEqualTo(404);
    assertThat(past.body()).contains("This job has 4 images, numbered 0 to 3");
    assertThat(other.get("/app/new?from=" + job + "&image=0&pick=styles").statusCode())
        .isEqualTo(404);
  }

  @Test
  void moreLikeThis_onASplitRow_paintsTheWholeRowCountAgainWithNewSeeds() {
    String group =
        location(me.post("/app/jobs", form("prompt", "more of a row", "count", "20", "seed", "7")));
    String job = jobIds(me.get(group).body()).get(0);
    int before = queue.sent().size();

    assertThat(me.post("/app/jobs/" + job + "/more", "").statusCode()).isEqualTo(303);

    List<JobMessage> sent = queue.sent().subList(before, queue.sent().size());
    assertThat(sent).extracting((JobMessage m) -> m.parameters().count()).containsExactly(10, 10);
    assertThat(sent.get(1).parameters().seed()).isEqualTo(sent.get(0).parameters().seed() + 10);
    assertThat(sent.get(0).parameters().seed()).isNotEqualTo(7);
  }

  // --- count picker -----------------------------------------------------------------------------

  @Test
  void form_offersTheCountPicker_asRadiosWithAnOtherBox() {
    String body = me.get("/app/new").body();

    for (int count : List.of(4, 8, 16, 20, 40)) {
      assertThat(body)
          .contains(
              "type=\"radio\" id=\"count-" + count + "\" name=\"count\" value=\"" + count + "\"");
    }
    assertThat(body)
        .contains("<legend>Images per prompt and style</legend>")
        .contains("id=\"countOther\"");
  }

  @Test
  void countAboveThePerJobLimit_makesOneGroupOfJobsWithConsecutiveSeeds_shownAsOneRow() {
    int before = queue.sent().size();

    String group =
        location(
            me.post("/app/jobs", form("prompt", "twenty gnomes", "count", "20", "seed", "100")));

    assertThat(group).matches("/app/groups/[0-9a-f-]{36}");
    List<JobMessage> sent = queue.sent().subList(before, queue.sent().size());
    assertThat(sent).extracting((JobMessage m) -> m.parameters().count()).containsExactly(10, 10);
    assertThat(sent)
        .extracting((JobMessage m) -> m.parameters().seed())
        .containsExactly(100L, 110L);
    for (JobMessage m : sent) {
      succeed(m.jobId(), m.parameters().count());
    }
    String page = me.get(group).body();
    assertThat(count(page, "<tr data-style")).isEqualTo(1);
    assertThat(count(page, "<th scope=\"col\">seed ")).isEqualTo(20);
    assertThat(count(page, "<td class=\"cell\"")).isEqualTo(20);
    assertThat(page).contains("kept 0/20");
    for (long seed = 100; seed < 120; seed++) {
      assertThat(page).contains("seed " + seed + "</th>");
    }
  }

  @Test
  void countOther_isTheTypedCount_andOutOfLimitsNamesTheFieldAndTheLimit() {
    int before = queue.sent().size();
    String job =
        location(
            me.post("/app/jobs", form("prompt", "a dozen", "count", "other", "countOther", "12")));
    assertThat(job).startsWith("/app/jobs/");
    assertThat(queue.sent().get(before).parameters().count()).isEqualTo(12);

    HttpResponse<String> tooMany =
        me.post("/app/jobs", form("prompt", "too many", "count", "other", "countOther", "41"));
    HttpResponse<String> blank =
        me.post("/app/jobs", form("prompt", "blank", "count", "other", "countOther", ""));

    assertThat(tooMany.statusCode()).isEqualTo(400);
    assertThat(tooMany.body())
        .contains("id=\"count-error\">must be an integer from 1 to 40")
        .contains("value=\"41\"");
    assertThat(blank.statusCode()).isEqualTo(400);
    assertThat(blank.body()).contains("id=\"count-error\">must be an integer from 1 to 40");
    assertThat(queue.sent()).hasSize(before + 1);
  }

  @Test
  void seedTooHighForTheCount_namesTheSeedAndItsLimit() {
    long max = io.goldpan.contract.JobLimits.SEED_MAX;

    HttpResponse<String> response =
        me.post("/app/jobs", form("prompt", "edge", "count", "20", "seed", Long.toString(max - 5)));

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body())
        .contains("id=\"seed-error\">must be from 0 to " + (max - 19) + " for 20 images");
  }

  @Test
  void form_withoutFrom_remembersTheLastSubmissionsSettings_butNotItsPromptOrSeed() {
    me.post(
        "/app/jobs",
        form(
            "prompt",
            "remember me",
            "count",
            "20",
            "steps",
            "33",
            "seed",
            "4242",
            "negativePrompt",
            "blurry"));

    String body = me.get("/app/new").body();

    assertThat(body)
        .containsPattern("id=\"count-20\" name=\"count\" value=\"20\" checked")
        .contains("id=\"steps\" name=\"steps\" inputmode=\"decimal\" value=\"33\"")
        .contains("value=\"blurry\"")
        .doesNotContain("remember me")
        .doesNotContain("4242");
    assertThat(other.get("/app/new").body()).doesNotContain("blurry");
  }

  // --- grid -------------------------------------------------------------------------------------

  @Test
  void grid_hasARowPerStyleAndAColumnPerSeed_andADiscardedCellKeepsItsPlace() {
    String group =
        location(
            me.post(
                "/app/jobs",
                form(
                    "prompt",
                    "a fox",
                    "style",
                    "b:ukiyo-e",
                    "style",
                    "b:pixel art",
                    "count",
                    "4",
                    "seed",
                    "50")));
    List<String> jobs = jobIds(me.get(group).body());
    assertThat(jobs).hasSize(2);
    succeed(jobs.get(0), 4);
    me.post("/app/images/" + jobs.get(0) + "/2/mark", form("mark", "DISCARDED", "back", group));

    String page = me.get(group).body();

    assertThat(count(page, "<tr data-style")).isEqualTo(2);
    assertThat(count(page, "<th scope=\"col\">seed ")).isEqualTo(4);
    assertThat(page)
        .contains(
            "<td class=\"cell discarded\" data-seed=\"52\" data-key=\"" + jobs.get(0) + "/2\"");
    assertThat(count(page, "<td class=\"cell pending\""))
        .as("the second row is still queued")
        .isEqualTo(4);
    assertThat(page.indexOf("class=\"grid\""))
        .as("images first, controls after")
        .isLessThan(page.indexOf("Share this group"));
    assertThat(page).contains("/app/new?from=" + jobs.get(0) + "&amp;image=1&amp;pick=styles");
    assertThat(page).contains("action=\"/app/groups/" + group.substring(12) + "/cancel\"");
  }

  @Test
  void groupsList_showsTheOwnersGroupsNewestFirst_withAThumbnailAndThePrompt() {
    String first =
        location(me.post("/app/jobs", form("prompt", "first group", "style", "b:ukiyo-e")));
    clock.advance(java.time.Duration.ofSeconds(1));
    String second =
        location(
            me.post(
                "/app/jobs", form("prompt", "second group", "style", "b:ukiyo-e", "count", "1")));
    succeed(jobIds(me.get(second).body()).get(0), 1);

    HttpResponse<String> list = me.get("/app/groups");

    assertThat(list.statusCode()).isEqualTo(200);
    String body = list.body();
    assertThat(body.indexOf("second group")).isLessThan(body.indexOf("first group"));
    assertThat(body).contains("href=\"" + first + "\"").contains("href=\"" + second + "\"");
    assertThat(body).contains("<img src=\"").contains("alt=\"second group\"");
    assertThat(other.get("/app/groups").body())
        .doesNotContain("first group")
        .doesNotContain("second group");
    assertThat(me.get("/app").body()).contains("href=\"/app/groups\"");
  }

  @Test
  void groupsList_isPaged_newestFirst() {
    for (int i = 0; i < 25; i++) {
      clock.advance(java.time.Duration.ofSeconds(1));
      location(
          me.post(
              "/app/jobs", form("prompt", "paged group " + i, "style", "b:ukiyo-e", "count", "1")));
    }

    String first = me.get("/app/groups").body();
    String second = me.get("/app/groups?page=2").body();

    assertThat(first)
        .contains("paged group 24")
        .contains("paged group 1<")
        .doesNotContain("paged group 0<");
    assertThat(first).contains("href=\"/app/groups?page=2\">Older");
    assertThat(second).contains("paged group 0<").doesNotContain("paged group 1<");
    assertThat(second).contains("href=\"/app/groups?page=1\">Newer").doesNotContain(">Older<");
  }

  // --- cancel -----------------------------------------------------------------------------------

  @Test
  void cancel_aQueuedJob_marksItCancelled_writesTheMarker_andHidesTheButton() {
    String job =
        location(me.post("/app/jobs", form("prompt", "stop me", "count", "1"))).substring(10);
    assertThat(me.get("/app/jobs/" + job).body())
        .contains("action=\"/app/jobs/" + job + "/cancel\"");

    HttpResponse<String> cancelled = me.post("/app/jobs/" + job + "/cancel", "");

    assertThat(cancelled.statusCode()).isEqualTo(303);
    assertThat(cancelled.headers().firstValue("Location")).hasValue("/app/jobs/" + job);
    assertThat(cancelMarkers.written()).contains(job);
    String page = me.get("/app/jobs/" + job).body();
    assertThat(page).contains("CANCELLED").doesNotContain("/cancel\"");
  }

  @Test
  void cancel_aFinishedJob_saysSo_onAPageWithAWayBack() {
    String job =
        location(me.post("/app/jobs", form("prompt", "done already", "count", "1"))).substring(10);
    succeed(job, 1);

    HttpResponse<String> response = me.post("/app/jobs/" + job + "/cancel", "");

    assertThat(response.statusCode()).isEqualTo(409);
    assertThat(response.body())
        .contains("Nothing to cancel")
        .contains("already finished (succeeded)")
        .contains("href=\"/app/jobs/" + job + "\"");
    assertThat(cancelMarkers.written()).doesNotContain(job);
  }

  @Test
  void cancel_aGroup_cancelsWhatIsUnfinished_andThenHasNothingLeftToCancel() {
    String group =
        location(
            me.post(
                "/app/jobs",
                form(
                    "prompt",
                    "a group to stop",
                    "style",
                    "b:ukiyo-e",
                    "style",
                    "b:pixel art",
                    "count",
                    "1")));
    List<String> jobs = jobIds(me.get(group).body());
    succeed(jobs.get(0), 1);

    HttpResponse<String> response = me.post(group + "/cancel", "");

    assertThat(response.statusCode()).isEqualTo(303);
    assertThat(cancelMarkers.written()).contains(jobs.get(1)).doesNotContain(jobs.get(0));
    assertThat(me.get("/app/jobs/" + jobs.get(1)).body()).contains("CANCELLED");
    assertThat(me.get(group).body()).doesNotContain(group + "/cancel\"");
    HttpResponse<String> again = me.post(group + "/cancel", "");
    assertThat(again.statusCode()).isEqualTo(409);
    assertThat(again.body()).contains("Every job of this group already finished");
  }

  @Test
  void cancel_isOwnerScoped_andNeedsTheCsrfToken() {
    String job =
        location(me.post("/app/jobs", form("prompt", "not yours", "count", "1"))).substring(10);
    String group =
        location(me.post("/app/jobs", form("prompt", "not yours either", "style", "b:ukiyo-e")));

    assertThat(other.post("/app/jobs/" + job + "/cancel", "").statusCode()).isEqualTo(404);
    assertThat(other.post(group + "/cancel", "").statusCode()).isEqualTo(404);
    assertThat(other.get(group).statusCode()).isEqualTo(404);
    assertThat(me.post("/app/jobs/" + job + "/cancel", "", false).statusCode()).isEqualTo(403);
    assertThat(me.post(group + "/cancel", "_csrf=wrong", false).statusCode()).isEqualTo(403);
    assertThat(cancelMarkers.written()).doesNotContain(job);
    assertThat(me.get("/app/jobs/" + job).body()).doesNotContain("CANCELLED");
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

  private static String location(HttpResponse<String> response) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(303);
    return response.headers().firstValue("Location").orElseThrow();
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

  private static int count(String text, String needle) {
    int n = 0;
    for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
      n++;
    }
    return n;
  }
}
