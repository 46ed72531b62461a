package io.goldpan.functions.web;

import static io.goldpan.functions.support.Browser.form;
import static org.assertj.core.api.Assertions.assertThat;

import io.goldpan.contract.ImageResult;
import io.goldpan.contract.ImageScores;
import io.goldpan.contract.RunnerEvent;
import io.goldpan.contract.StorageKeys;
import io.goldpan.contract.Timings;
import io.goldpan.functions.auth.ApiKeys;
import io.goldpan.functions.events.JobEvents;
import io.goldpan.functions.support.Browser;
import io.goldpan.testing.MutableClock;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Scores a runner reports: stored per image, shown as badges, and ordering pages best first. */
@MicronautTest(transactional = false)
class ScoresWebTest {
  private static final Pattern JOB_ID = Pattern.compile("/app/jobs/([0-9a-f-]{36})");
  private static final Pattern KEY = Pattern.compile("data-key=\\\\?\"[0-9a-f-]{36}/(\\d+)");

  @Inject EmbeddedServer server;
  @Inject ApiKeys apiKeys;
  @Inject JobEvents events;
  @Inject MutableClock clock;

  Browser me;
  String apiKey;

  @BeforeEach
  void setUp() {
    apiKey = apiKeys.create("scores-" + UUID.randomUUID());
    me = new Browser(server.getURI()).signIn(apiKey);
  }

  /** Scores of images 0…3: the third is best, the second has none. */
  private static final ImageScores[] SCORES = {
    new ImageScores(3.0, 20), null, new ImageScores(7.5, 10), new ImageScores(5.0, 30)
  };

  @Test
  void jobPage_bestFirst_ordersByAestheticScore_unscoredLast_andShowsBadges() {
    String job = scoredJob("four foxes", SCORES);

    String painted = me.get("/app/jobs/" + job).body();
    String best = me.get("/app/jobs/" + job + "?order=best").body();

    assertThat(indexes(painted)).containsExactly(0, 1, 2, 3);
    assertThat(indexes(best)).containsExactly(2, 3, 0, 1);
    assertThat(best)
        .contains("<span class=\"score\">")
        .contains("7.5 · 10")
        .contains("data-live=\"/app/jobs/" + job + "/live?order=best\"")
        .contains("aria-current=\"page\">Best first</a>");
    assertThat(count(best, "class=\"score\"")).as("no badge for the unscored").isEqualTo(3);
    assertThat(indexes(me.getJson("/app/jobs/" + job + "/live?order=best").body()))
        .containsExactly(2, 3, 0, 1);
  }

  @Test
  void jobPage_bestHalf_foldsTheBottomHalfUnderShowTheRest() {
    String job = scoredJob("four owls", SCORES);

    String page = me.get("/app/jobs/" + job + "?order=best&hide=50").body();

    int fold = page.indexOf("<details class=\"rest\">");
    assertThat(fold).isPositive();
    assertThat(indexes(page.substring(0, fold))).containsExactly(2, 3);
    assertThat(page.substring(fold)).contains("Show the rest (2)");
    assertThat(indexes(page.substring(fold))).containsExactly(0, 1);
    assertThat(me.getJson("/app/jobs/" + job + "/live?order=best&hide=50").body())
        .contains("Show the rest (2)");
    // out of range: clamped, never an error
    assertThat(me.get("/app/jobs/" + job + "?order=best&hide=500").statusCode()).isEqualTo(200);
    assertThat(me.get("/app/jobs/" + job + "?order=best&hide=x").body()).doesNotContain("<details");
  }

  @Test
  void bestHalf_withoutAnyScores_hidesNothing() {
    String job = scoredJob("no scorer here", new ImageScores[] {null, null});

    String page = me.get("/app/jobs/" + job + "?order=best&hide=50").body();

    assertThat(page).doesNotContain("<details").doesNotContain("class=\"score\"");
    assertThat(indexes(page)).containsExactly(0, 1);
  }

  @Test
  void apiJobView_carriesEachImagesScores_nullWhenUnscored() throws Exception {
    String job = scoredJob("api foxes", SCORES);

    HttpResponse<String> response =
        me.send(me.builder("/api/jobs/" + job).header("Authorization", "Bearer " + apiKey));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body())
        .contains("\"scores\":{\"aesthetic\":7.5,\"promptMatch\":10.0}")
        .contains("\"scores\":null");
  }

  @Test
  void implausibleScores_areDropped_theImageStays() {
    String job = scoredJob("broken scorer", new ImageScores[] {new ImageScores(4, 250)});

    String page = me.get("/app/jobs/" + job).body();

    assertThat(indexes(page)).containsExactly(0);
    assertThat(page).doesNotContain("class=\"score\"");
  }

  @Test
  void gallery_bestFirst_putsTheJobWithTheBestImageFirst_andSortsItsImages() {
    String worse = scoredJob("gallery worse", new ImageScores[] {new ImageScores(2, 5)});
    String better = scoredJob("gallery better", SCORES);

    String newest = me.get("/app?q=gallery").body();
    String best = me.get("/app?q=gallery&order=best").body();

    assertThat(newest.indexOf(better)).isLessThan(newest.indexOf(worse)); // newest first anyway
    String older = scoredJob("gallery old but best", new ImageScores[] {new ImageScores(9, 5)});
    best = me.get("/app?q=gallery&order=best").body();
    assertThat(best.indexOf("/app/jobs/" + older)).isLessThan(best.indexOf("/app/jobs/" + better));
    assertThat(best.indexOf("/app/jobs/" + better)).isLessThan(best.indexOf("/app/jobs/" + worse));
    assertThat(best).contains("<option value=\"best\" selected>best first</option>");
  }

  @Test
  void groupPage_bestFirst_listsEveryImageOfTheGroupBestFirst() {
    HttpResponse<String> response =
        me.post("/app/jobs", form("prompt", "a {red|blue} fox", "count", "2", "seed", "42"));
    String group = response.headers().firstValue("Location").orElseThrow();
    List<String> jobs = jobIds(me.get(group).body());
    assertThat(jobs).hasSize(2);
    succeed(jobs.get(0), new ImageScores[] {new ImageScores(4, 1), new ImageScores(8, 1)});
    succeed(jobs.get(1), new ImageScores[] {null, new ImageScores(6, 1)});

    String grid = me.get(group).body();
    String best = me.get(group + "?order=best").body();

    assertThat(grid).contains("<table class=\"grid\">").contains("class=\"score\"");
    assertThat(best).doesNotContain("<table class=\"grid\">");
    List<String> keys = keys(best);
    assertThat(keys)
        .containsExactly(
            jobs.get(0) + "/1", jobs.get(1) + "/1", jobs.get(0) + "/0", jobs.get(1) + "/0");
    assertThat(me.get(group + "?order=best&hide=50").body()).contains("Show the rest (2)");
  }

  private String scoredJob(String prompt, ImageScores[] scores) {
    HttpResponse<String> response =
        me.post("/app/jobs", form("prompt", prompt, "count", Integer.toString(scores.length)));
    Matcher m = JOB_ID.matcher(response.headers().firstValue("Location").orElse(""));
    assertThat(m.find()).as(response.body()).isTrue();
    succeed(m.group(1), scores);
    return m.group(1);
  }

  private void succeed(String job, ImageScores[] scores) {
    List<ImageResult> results = new ArrayList<>();
    for (int i = 0; i < scores.length; i++) {
      results.add(
          new ImageResult(
              i,
              100 + i,
              StorageKeys.image(job, i),
              StorageKeys.thumbnail(job, i),
              512,
              512,
              scores[i]));
    }
    clock.advance(Duration.ofSeconds(1));
    events.apply(
        RunnerEvent.succeeded(
            job, "runner-1", Instant.now(clock), results, new Timings(1, 2, 3, 6, 4L)));
  }

  private static List<Integer> indexes(String page) {
    Matcher m = KEY.matcher(page);
    List<Integer> out = new ArrayList<>();
    while (m.find()) {
      out.add(Integer.parseInt(m.group(1)));
    }
    return out;
  }

  private static List<String> keys(String page) {
    Matcher m =
        Pattern.compile("li class=\"image[^\"]*\" data-key=\"([0-9a-f-]{36}/\\d+)\"").matcher(page);
    List<String> out = new ArrayList<>();
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
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
    return (int) Arrays.stream(text.split(Pattern.quote(needle), -1)).count() - 1;
  }
}
