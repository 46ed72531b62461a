package io.goldpan.functions.gallery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.goldpan.contract.ImageResult;
import io.goldpan.contract.RunnerEvent;
import io.goldpan.contract.StorageKeys;
import io.goldpan.contract.Timings;
import io.goldpan.functions.events.JobEvents;
import io.goldpan.functions.jobs.InvalidRequestException;
import io.goldpan.functions.jobs.Job;
import io.goldpan.functions.jobs.JobService;
import io.goldpan.functions.support.RecordingImageObjects;
import io.goldpan.testing.MutableClock;
import io.micronaut.context.ApplicationContext;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The gallery's SQL (search, triage filters, groups, shares) on each supported database. */
abstract class GalleryStoreTests {
  GalleryJobs galleryJobs;
  JobService jobService;
  Triage triage;
  Shares shares;
  GallerySubmit submit;
  GroupedJobRepository grouped;
  JobEvents events;
  MutableClock clock;
  RecordingImageObjects bucket;
  String owner;

  abstract ApplicationContext context();

  @BeforeEach
  void wire() {
    ApplicationContext context = context();
    galleryJobs = context.getBean(GalleryJobs.class);
    jobService = context.getBean(JobService.class);
    triage = context.getBean(Triage.class);
    shares = context.getBean(Shares.class);
    submit = context.getBean(GallerySubmit.class);
    grouped = context.getBean(GroupedJobRepository.class);
    events = context.getBean(JobEvents.class);
    clock = context.getBean(MutableClock.class);
    bucket = context.getBean(RecordingImageObjects.class);
    owner = "gallery-" + UUID.randomUUID();
  }

  @Test
  void search_matchesPromptTextCaseInsensitively_andTakesWildcardsLiterally() {
    painted("A Red Fox", 1);
    painted("100% cotton_shirt", 1);

    assertThat(prompts(search("red fox", "all"))).containsExactly("A Red Fox");
    assertThat(prompts(search("100%", "all"))).containsExactly("100% cotton_shirt");
    assertThat(search("_", "all")).hasSize(1);
    assertThat(galleryJobs.search(owner, GallerySearch.ALL, "all", 1, 1)).hasSize(1);
  }

  @Test
  void search_matchesEveryWord_inAnyOrder_andNotJustSome() {
    painted("a castle on a hill at night, watercolour", 1);
    painted("night market", 1);
    painted("watercolour hill", 1);

    assertThat(prompts(search("NIGHT castle", "all")))
        .containsExactly("a castle on a hill at night, watercolour");
    assertThat(prompts(search("  hill   watercolour ", "all")))
        .containsExactlyInAnyOrder("watercolour hill", "a castle on a hill at night, watercolour");
    assertThat(search("night castle market", "all")).isEmpty();
    assertThat(prompts(search("a b c d e night", "all"))).isEmpty();
  }

  @Test
  void search_overTheWordOrLengthLimit_isRefusedNamingTheField() {
    assertThatThrownBy(() -> GallerySearch.of("one two three four five six seven"))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("q")
        .hasMessageContaining("at most 6 words (got 7)");
    assertThatThrownBy(() -> GallerySearch.of("x".repeat(201)))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("at most 200 characters (got 201)");
  }

  @Test
  void filters_keptDiscardedAndDefault_followTheMarks() {
    String keptJob = painted("kept one", 2);
    String discardedJob = painted("all thrown away", 1);
    triage.mark(owner, keptJob, 1, Mark.KEPT);
    triage.mark(owner, discardedJob, 0, Mark.DISCARDED);
    triage.mark(owner, discardedJob, 0, Mark.DISCARDED);

    assertThat(prompts(galleryJobs.search(owner, GallerySearch.ALL, "kept", 10, 0)))
        .containsExactly("kept one");
    assertThat(prompts(galleryJobs.search(owner, GallerySearch.ALL, "discarded", 10, 0)))
        .containsExactly("all thrown away");
    assertThat(prompts(galleryJobs.search(owner, GallerySearch.ALL, "default", 10, 0)))
        .containsExactly("kept one");
    assertThat(galleryJobs.search(owner, GallerySearch.ALL, "all", 10, 0)).hasSize(2);

    assertThat(triage.purge(owner, triage.purgePlan(owner).confirm()))
        .hasValueSatisfying(p -> assertThat(p.images()).isEqualTo(1));
    assertThat(bucket.deleted()).contains(StorageKeys.image(discardedJob, 0));
    triage.mark(owner, discardedJob, 0, Mark.KEPT);
    assertThat(galleryJobs.search(owner, GallerySearch.ALL, "kept", 10, 0)).hasSize(1);
  }

  @Test
  void groups_recordStyleOnEachJob_andQueuedCounts() {
    GallerySubmit.Submitted done =
        submit.submit(
            owner,
            new SubmitForm(Map.of("prompt", "a {cat|dog}", "count", "1"), List.of("b:pixel art")));

    assertThat(done.groupId()).isNotNull();
    assertThat(grouped.findByGroupId(done.groupId()))
        .extracting(GroupedJob::style)
        .containsExactly("pixel art", "pixel art");
    assertThat(galleryJobs.findByGroup(done.groupId(), owner)).hasSize(2);
    assertThat(galleryJobs.findByGroup(done.groupId(), "someone-else")).isEmpty();
    assertThat(galleryJobs.countQueued(owner)).isEqualTo(2);
  }

  @Test
  void shares_openByToken_untilExpiry() {
    String job = painted("shared", 1);
    Shares.Created created = shares.shareImage(owner, job, 0, "1");

    assertThat(shares.open(created.token()).jobId()).isEqualTo(job);
    clock.advance(Duration.ofDays(2));
    assertThatThrownBy(() -> shares.open(created.token()))
        .isInstanceOf(ShareGoneException.class)
        .hasMessage("this link has expired");
  }

  private String painted(String prompt, int count) {
    Job job = jobService.submit(owner, "{\"prompt\":\"" + prompt + "\",\"count\":" + count + "}");
    List<ImageResult> images =
        IntStream.range(0, count)
            .mapToObj(
                i ->
                    new ImageResult(
                        i,
                        i,
                        StorageKeys.image(job.id(), i),
                        StorageKeys.thumbnail(job.id(), i),
                        512,
                        512))
            .toList();
    events.apply(
        RunnerEvent.succeeded(job.id(), "r", Instant.now(clock), images, new Timings(1, 1, 1, 3)));
    return job.id();
  }

  private static List<String> prompts(List<Job> jobs) {
    return jobs.stream().map(Job::prompt).toList();
  }

  private List<Job> search(String query, String show) {
    return galleryJobs.search(owner, GallerySearch.of(query), show, 10, 0);
  }
}
