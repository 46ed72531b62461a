package io.goldpan.functions.push;

import static org.assertj.core.api.Assertions.assertThat;

import io.goldpan.functions.jobs.Job;
import io.goldpan.functions.jobs.JobStatus;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The words a notification uses for every way jobs and groups end. */
class NotificationTextTest {
  @Test
  void allSucceeded_countsImages_andShortensALongPrompt() {
    List<Job> jobs = List.of(job(JobStatus.SUCCEEDED, 16), job(JobStatus.SUCCEEDED, 4));
    String prompt = "cctv footage of yoda " + "buying groceries at a night market ".repeat(3);

    assertThat(NotificationText.title(jobs)).isEqualTo("Painted");
    assertThat(NotificationText.body(jobs, 20, prompt))
        .startsWith("20 of 20 painted · cctv footage of yoda buying")
        .endsWith("…")
        .hasSizeLessThanOrEqualTo("20 of 20 painted · ".length() + 61);
  }

  @Test
  void aGroupWithFailures_saysHowMany() {
    List<Job> jobs =
        List.of(
            job(JobStatus.SUCCEEDED, 2),
            job(JobStatus.FAILED, 2),
            job(JobStatus.CANCELLED, 2),
            job(JobStatus.SUCCEEDED, 2));

    assertThat(NotificationText.title(jobs)).isEqualTo("Partly painted");
    assertThat(NotificationText.body(jobs, 5, "a {red|gold} river"))
        .isEqualTo("5 of 8 painted · 1 failed · 1 cancelled · a {red|gold} river");
  }

  @Test
  void aGroupWithNothingPainted_saysSo() {
    List<Job> jobs = List.of(job(JobStatus.EXPIRED, 1), job(JobStatus.EXPIRED, 1));

    assertThat(NotificationText.title(jobs)).isEqualTo("Nothing painted");
    assertThat(NotificationText.body(jobs, 0, "x")).isEqualTo("0 of 2 painted · 2 expired · x");
  }

  @Test
  void aSingleJob_namesHowItEnded() {
    assertThat(NotificationText.title(List.of(job(JobStatus.EXPIRED, 4)))).isEqualTo("Expired");
    assertThat(NotificationText.body(List.of(job(JobStatus.EXPIRED, 4)), 0, "  a   pan \n"))
        .isEqualTo("Expired · 0 of 4 painted · a pan");
    assertThat(NotificationText.body(List.of(job(JobStatus.CANCELLED, 4)), 1, "a pan"))
        .isEqualTo("Cancelled · 1 of 4 painted · a pan");
  }

  private static Job job(JobStatus status, int count) {
    Instant t = Instant.parse("2026-12-01T10:00:00Z");
    return new Job(
        "j", "me", status, "p", null, count, 1, 512, 512, 4, 0, "demo", null, t, t, t, t, t, t,
        null, null, null, null, null, null, null, null, null, null, null);
  }
}
