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
import io.goldpan.functions.gallery.JobGroupRepository;
import io.goldpan.functions.jobs.Job;
import io.goldpan.functions.jobs.JobRepository;
import io.goldpan.functions.runners.KnownRunner;
import io.goldpan.functions.runners.RunnerRepository;
import io.goldpan.functions.support.Browser;
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
 * "Vary (subtle)" and "Vary (strong)": a new group of the picture and an image-to-image job of four
 * new seeds from it, with the source job's prompt and settings; only the owner's pictures, only
 * with the CSRF token, only those two strengths, and nothing stored for a model that cannot vary.
 */
@MicronautTest(transactional = false)
class VaryWebTest {
  private static final Pattern JOB_ID = Pattern.compile("/app/jobs/([0-9a-f-]{36})");
  private static final Pattern GROUP = Pattern.compile("/app/groups/([0-9a-f-]{36})");

  @Inject EmbeddedServer server;
  @Inject ApiKeys apiKeys;
  @Inject JobEvents events;
  @Inject RecordingJobQueue queue;
  @Inject MutableClock clock;
  @Inject JobRepository jobs;
  @Inject JobGroupRepository groups;
  @Inject RunnerRepository runners;

  String owner;
  Browser me;
  Browser other;

  @BeforeEach
  void setUp() {
    queue.failSends(false);
    owner = "me-" + UUID.randomUUID();
    me = new Browser(server.getURI()).signIn(apiKeys.create(owner));
    other = new Browser(server.getURI()).signIn(apiKeys.create("other-" + UUID.randomUUID()));
  }

  @Test
  void varyStrong_makesAGroup_theSourceFirst_thenFourNewSeedsFromThatPicture_withItsSettings() {
    String source =
        paintedJob(
            form(
                "prompt",
                "a fox in snow",
                "negativePrompt",
                "blurry",
                "count",
                "2",
                "width",
                "640",
                "height",
                "384",
                "steps",
                "12",
                "guidance",
                "5.5"),
            2);
    int sent = queue.sent().size();

    HttpResponse<String> varied =
        me.post("/app/images/" + source + "/1/vary", form("strength", "strong"));

    assertThat(varied.statusCode()).isEqualTo(303);
    String location = varied.headers().firstValue("Location").orElseThrow();
    Matcher group = GROUP.matcher(location);
    assertThat(group.matches()).as(location).isTrue();
    List<JobMessage> messages = queue.sent().subList(sent, queue.sent().size());
    assertThat(messages).hasSize(1);
    JobMessage message = messages.get(0);
    assertThat(message.parameters().count()).isEqualTo(4);
    assertThat(message.parameters().init().key()).isEqualTo(StorageKeys.image(source, 1));
    assertThat(message.parameters().strength()).isEqualTo(0.7);
    Job job = jobs.findById(message.jobId()).orElseThrow();
    assertThat(job.prompt()).isEqualTo("a fox in snow");
    assertThat(job.negativePrompt()).isEqualTo("blurry");
    assertThat(List.of(job.width(), job.height(), job.steps())).containsExactly(640, 384, 12);
    assertThat(job.guidance()).isEqualTo(5.5);
    assertThat(job.model()).isEqualTo("demo");
    assertThat(job.initJobId()).isEqualTo(source);
    assertThat(job.initIndex()).isEqualTo(1);
    assertThat(job.strength()).isEqualTo(0.7);

    String page = me.get(location).body();
    int sourceAt = page.indexOf("<figure class=\"source\">");
    assertThat(sourceAt).as("the source comes first").isGreaterThan(0);
    assertThat(page.indexOf("<figcaption>Source</figcaption>")).isGreaterThan(sourceAt);
    assertThat(page.indexOf("/app/jobs/" + source)).isGreaterThan(sourceAt);
    assertThat(page.indexOf("/app/jobs/" + job.id())).isGreaterThan(sourceAt);
    assertThat(page.indexOf("a fox in snow (image 2 of 2)")).isGreaterThan(sourceAt);
  }

  @Test
  void varySubtle_paintsAtStrength035() {
    String source = paintedJob(form("prompt", "a quiet pond", "count", "1"), 1);
    int sent = queue.sent().size();

    assertThat(
            me.post("/app/images/" + source + "/0/vary", form("strength", "subtle")).statusCode())
        .isEqualTo(303);

    List<JobMessage> messages = queue.sent().subList(sent, queue.sent().size());
    assertThat(messages)
        .singleElement()
        .matches(m -> m.parameters().strength() == 0.35 && m.parameters().count() == 4);
  }

  @Test
  void anotherOwnersImage_orOneTheJobDoesNotHave_isANotFoundPage_withNothingStored() {
    String source = paintedJob(form("prompt", "mine only", "count", "1"), 1);
    int sent = queue.sent().size();

    HttpResponse<String> theirs =
        other.post("/app/images/" + source + "/0/vary", form("strength", "subtle"));
    HttpResponse<String> noSuchImage =
        me.post("/app/images/" + source + "/5/vary", form("strength", "subtle"));
    HttpResponse<String> noNumber =
        me.post("/app/images/" + source + "/x/vary", form("strength", "subtle"));

    for (HttpResponse<String> r : List.of(theirs, noSuchImage, noNumber)) {
      assertThat(r.statusCode()).isEqualTo(404);
      assertThat(r.body()).contains("Not found").doesNotContain("mine only");
    }
    assertThat(queue.sent()).hasSize(sent);
  }

  @Test
  void withoutTheCsrfToken_isRefused_withNothingStored() {
    String source = paintedJob(form("prompt", "csrf vary", "count", "1"), 1);
    int sent = queue.sent().size();

    HttpResponse<String> refused =
        me.post("/app/images/" + source + "/0/vary", form("strength", "strong"), false);

    assertThat(refused.statusCode()).isEqualTo(403);
    assertThat(queue.sent()).hasSize(sent);
    assertThat(groups.findPage(owner, 100, 0)).isEmpty();
  }

  @Test
  void aStrengthOtherThanSubtleOrStrong_isA400NamingTheField() {
    String source = paintedJob(form("prompt", "how much", "count", "1"), 1);
    int sent = queue.sent().size();

    for (String strength : List.of("", "0.5", "STRONGER", "<b>x</b>")) {
      HttpResponse<String> r =
          me.post("/app/images/" + source + "/0/vary", form("strength", strength));
      assertThat(r.statusCode()).isEqualTo(400);
      assertThat(r.body()).contains("strength must be subtle (0.35) or strong (0.7).");
    }
    assertThat(queue.sent()).hasSize(sent);
    assertThat(groups.findPage(owner, 100, 0)).isEmpty();
  }

  @Test
  void aModelRunnersSayCannotVary_showsWhy_andStoresNothing() {
    String model = "plain-" + UUID.randomUUID().toString().substring(0, 8);
    runners.save(
        new KnownRunner("runner-" + UUID.randomUUID(), Instant.now(clock), model, "CPU", ""));
    String source = paintedJob(form("prompt", "cannot vary", "count", "1", "model", model), 1);
    int sent = queue.sent().size();
    int stored = jobs.findNewest(owner, 100).size();

    HttpResponse<String> r =
        me.post("/app/images/" + source + "/0/vary", form("strength", "subtle"));

    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body())
        .contains("model " + model + " cannot vary images: its export has no vae_encoder")
        .doesNotContain("Exception");
    assertThat(queue.sent()).hasSize(sent);
    assertThat(jobs.findNewest(owner, 100)).hasSize(stored);
    assertThat(groups.findPage(owner, 100, 0)).isEmpty();
  }

  @Test
  void theViewer_hasBothVaryButtons_postingWithTheCsrfToken() {
    String source = paintedJob(form("prompt", "viewer vary", "count", "1"), 1);
    String page = me.get("/app/jobs/" + source).body();

    assertThat(page)
        .contains("data-slot=\"vary\" role=\"group\" aria-label=\"Vary (subtle or strong)\">")
        .contains("name=\"strength\" value=\"subtle\"><button type=\"submit\">Vary (subtle)")
        .contains("name=\"strength\" value=\"strong\"><button type=\"submit\">Vary (strong)")
        .containsPattern(
            "data-viewer=\"vary-subtle\" action=\"/app\"><input type=\"hidden\" name=\"_csrf\"");
  }

  private String paintedJob(String submitForm, int images) {
    HttpResponse<String> created = me.post("/app/jobs", submitForm);
    Matcher m = JOB_ID.matcher(created.headers().firstValue("Location").orElse(""));
    assertThat(m.find()).as(created.statusCode() + " " + created.body()).isTrue();
    String job = m.group(1);
    List<ImageResult> results = new ArrayList<>();
    for (int i = 0; i < images; i++) {
      results.add(
          new ImageResult(
              i, 100 + i, StorageKeys.image(job, i), StorageKeys.thumbnail(job, i), 640, 384));
    }
    events.apply(
        RunnerEvent.succeeded(
            job, "runner-1", Instant.now(clock), results, new Timings(1, 2, 3, 6)));
    return job;
  }
}
