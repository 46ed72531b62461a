package io.goldpan.functions.push;

import io.goldpan.functions.jobs.Job;
import io.goldpan.functions.jobs.JobStatus;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** The words of a notification about finished jobs: how many painted, what went wrong, what. */
final class NotificationText {
  static final int PROMPT_MAX_CHARS = 60;

  private NotificationText() {}

  /** "Painted" when every job succeeded, else what became of a single job or of the group. */
  static String title(Collection<Job> jobs) {
    Map<JobStatus, Integer> counts = counts(jobs);
    if (counts.getOrDefault(JobStatus.SUCCEEDED, 0) == jobs.size()) {
      return "Painted";
    }
    if (jobs.size() == 1) {
      return switch (jobs.iterator().next().status()) {
        case FAILED -> "Failed";
        case CANCELLED -> "Cancelled";
        case EXPIRED -> "Expired";
        default -> "Finished";
      };
    }
    return counts.getOrDefault(JobStatus.SUCCEEDED, 0) == 0 ? "Nothing painted" : "Partly painted";
  }

  /**
   * "20 of 20 painted · cctv footage of yoda…"; when something did not succeed it says what, e.g.
   * "3 of 4 painted · 1 failed · …" or "Expired: no runner took it · 0 of 4 painted · …".
   */
  static String body(Collection<Job> jobs, int painted, String prompt) {
    int requested = jobs.stream().mapToInt(Job::count).sum();
    List<String> parts = new ArrayList<>();
    parts.add(painted + " of " + requested + " painted");
    Map<JobStatus, Integer> counts = counts(jobs);
    if (jobs.size() == 1) {
      Job job = jobs.iterator().next();
      switch (job.status()) {
        case FAILED -> parts.add(0, "Failed");
        case CANCELLED -> parts.add(0, "Cancelled");
        case EXPIRED -> parts.add(0, "Expired");
        default -> {}
      }
    } else {
      for (JobStatus status : List.of(JobStatus.FAILED, JobStatus.CANCELLED, JobStatus.EXPIRED)) {
        int n = counts.getOrDefault(status, 0);
        if (n > 0) {
          parts.add(n + " " + status.name().toLowerCase(java.util.Locale.ROOT));
        }
      }
    }
    parts.add(shorten(prompt));
    return String.join(" · ", parts);
  }

  static String shorten(String prompt) {
    String flat = prompt.strip().replaceAll("\\s+", " ");
    if (flat.codePointCount(0, flat.length()) <= PROMPT_MAX_CHARS) {
      return flat;
    }
    return flat.substring(0, flat.offsetByCodePoints(0, PROMPT_MAX_CHARS)).strip() + "…";
  }

  private static Map<JobStatus, Integer> counts(Collection<Job> jobs) {
    Map<JobStatus, Integer> counts = new EnumMap<>(JobStatus.class);
    jobs.forEach(j -> counts.merge(j.status(), 1, Integer::sum));
    return counts;
  }
}
