package io.goldpan.functions.web;

import io.goldpan.functions.gallery.GalleryJob;
import io.goldpan.functions.gallery.Mark;
import io.goldpan.functions.jobs.JobPreview;
import io.goldpan.functions.jobs.JobStatus;
import io.goldpan.functions.jobs.JobView;
import io.goldpan.functions.status.StatusView;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The view models of the parts of job and group pages that refresh live: progress, then images with
 * triage buttons.
 */
final class JobFragments {
  private JobFragments() {}

  /** Where a job is: queued place, "runner asleep", step x/y, or the error. */
  static Views.Progress progress(GalleryJob g, StatusView status) {
    JobView job = g.job();
    return switch (job.status()) {
      case QUEUED ->
          new Views.Progress(
              "queued",
              g.queuePosition(),
              status.runnerAwake(),
              status.queued(),
              0,
              0,
              "",
              job.parameters().count());
      case RUNNING -> {
        JobView.Progress p = job.progress();
        yield p == null
            ? new Views.Progress("starting", null, true, 0, 0, 0, "", job.parameters().count())
            : new Views.Progress(
                "running", null, true, 0, p.step(), p.total(), "", job.parameters().count());
      }
      case SUCCEEDED ->
          new Views.Progress("done", null, true, 0, 0, 0, "", job.parameters().count());
      default ->
          new Views.Progress(
              "error",
              null,
              true,
              0,
              0,
              0,
              job.status() + (job.error() == null ? "" : ": " + job.error()),
              job.parameters().count());
    };
  }

  /** A job's images with keep / discard / share buttons; {@code show} picks which images. */
  static Views.Images images(GalleryJob g, WebSession session, String back, String show) {
    return images(g, session, back, show, Ranking.AS_PAINTED);
  }

  /** As {@link #images(GalleryJob, WebSession, String, String)}, in {@code ranking}'s order. */
  static Views.Images images(
      GalleryJob g, WebSession session, String back, String show, Ranking ranking) {
    List<GalleryJob.GalleryImage> kept =
        g.images().stream().filter(image -> shown(image, show)).toList();
    List<Views.Image> sorted = ranking.sort(kept).stream().map(i -> image(g, i)).toList();
    return split(session, back, sorted, ranking);
  }

  /** {@code sorted} with its bottom part under "Show the rest", as {@code ranking} says. */
  static Views.Images split(
      WebSession session, String back, List<Views.Image> sorted, Ranking ranking) {
    boolean anyScored = sorted.stream().anyMatch(i -> i.score() != null);
    int shown = ranking.shown(sorted.size(), anyScored);
    return new Views.Images(
        session.csrfToken(),
        back,
        List.copyOf(sorted.subList(0, shown)),
        List.copyOf(sorted.subList(shown, sorted.size())));
  }

  /**
   * {@code kept}, {@code discarded} (with purged: the history of what was thrown away), {@code
   * all}, {@code present} (all but purged, as a job page shows), else the gallery's default: not
   * thrown away.
   */
  static boolean shown(GalleryJob.GalleryImage image, String show) {
    return switch (show) {
      case "present" -> image.mark() != Mark.PURGED;
      case "kept" -> image.mark() == Mark.KEPT;
      case "discarded" -> image.mark() == Mark.DISCARDED || image.mark() == Mark.PURGED;
      case "all" -> true;
      default -> image.visibleByDefault();
    };
  }

  static String alt(JobView job, int index) {
    return job.parameters().prompt()
        + " (image "
        + (index + 1)
        + " of "
        + job.parameters().count()
        + ")";
  }

  /** A job page's live region: every image but the purged, or with {@code all} those too. */
  static Views.JobLive jobLive(GalleryJob g, WebSession session, StatusView status, String show) {
    return jobLive(g, session, status, show, Ranking.AS_PAINTED, null);
  }

  /**
   * As {@link #jobLive(GalleryJob, WebSession, StatusView, String)}, in {@code ranking}'s order,
   * with the job's preview ({@code null} for none).
   */
  static Views.JobLive jobLive(
      GalleryJob g,
      WebSession session,
      StatusView status,
      String show,
      Ranking ranking,
      JobPreview preview) {
    String filter = "all".equals(show) ? "all" : "present";
    return new Views.JobLive(
        badge(g),
        progress(g, status),
        images(g, session, ranking.on("/app/jobs/" + g.job().id()), filter, ranking),
        preview(g, preview),
        run(g.job()));
  }

  /**
   * The preview of a running job while the image it shows is not yet stored; null otherwise (a
   * finished image replaces its preview).
   */
  static Views.Preview preview(GalleryJob g, JobPreview preview) {
    JobView job = g.job();
    if (preview == null
        || job.status() != JobStatus.RUNNING
        || g.images().stream().anyMatch(image -> image.index() == preview.idx())) {
      return null;
    }
    int image = preview.idx() + 1;
    return new Views.Preview(
        "/app/jobs/" + job.id() + "/preview.jpg?step=" + preview.step(),
        job.parameters().prompt()
            + " (image "
            + image
            + " of "
            + job.parameters().count()
            + ", forming)",
        "Image " + image + " forming");
  }

  /** What changes while a job runs: its status, times and timings, refreshed with the rest. */
  static List<Views.Detail> run(JobView job) {
    List<Views.Detail> run = new ArrayList<>();
    run.add(new Views.Detail("Status", job.status().toString()));
    run.add(new Views.Detail("Submitted", job.createdAt().toString()));
    if (job.startedAt() != null) {
      run.add(new Views.Detail("Started", job.startedAt().toString()));
    }
    if (job.finishedAt() != null) {
      run.add(new Views.Detail("Finished", job.finishedAt().toString()));
    }
    if (job.timings() != null) {
      JobView.Timings t = job.timings();
      run.add(
          new Views.Detail(
              "Timings",
              "queue "
                  + t.queueMs()
                  + " ms · inference "
                  + t.inferenceMs()
                  + " ms · upload "
                  + t.uploadMs()
                  + " ms · total "
                  + t.totalMs()
                  + " ms"));
    }
    return run;
  }

  static String badge(GalleryJob g) {
    return g.job().status().name().toLowerCase(Locale.ROOT);
  }

  /** Whether every job is finished, so the page can stop polling. */
  static boolean done(List<GalleryJob> jobs) {
    return jobs.stream().allMatch(j -> j.job().status().isTerminal());
  }

  static Views.Image image(GalleryJob g, GalleryJob.GalleryImage image) {
    Mark mark = image.mark();
    String src = image.thumbUrl() != null ? image.thumbUrl() : image.url();
    return new Views.Image(
        image.index(),
        mark == null ? "" : " " + mark.name().toLowerCase(Locale.ROOT),
        mark == Mark.PURGED,
        image.url(),
        src,
        alt(g.job(), image.index()),
        "/app/images/" + g.job().id() + "/" + image.index() + "/mark",
        mark == Mark.KEPT ? "NONE" : "KEPT",
        mark == Mark.KEPT,
        mark == Mark.DISCARDED ? "NONE" : "DISCARDED",
        mark == Mark.DISCARDED,
        g.job().id(),
        image.seed(),
        g.job().parameters().width() + "×" + g.job().parameters().height(),
        g.job().parameters().steps(),
        g.job().parameters().model(),
        Ranking.badge(image.scores()));
  }
}
