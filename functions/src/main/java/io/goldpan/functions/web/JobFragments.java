package io.goldpan.functions.web;

import static io.goldpan.functions.web.internal.Html.esc;

import io.goldpan.functions.gallery.GalleryJob;
import io.goldpan.functions.gallery.Mark;
import io.goldpan.functions.jobs.JobStatus;
import io.goldpan.functions.jobs.JobView;
import io.goldpan.functions.status.StatusView;
import java.util.List;

/**
 * The parts of job and group pages that refresh live: progress, then images with triage buttons.
 */
final class JobFragments {
  private JobFragments() {}

  /** Where a job is: queued place, "runner asleep", step x/y, or the error. */
  static String progress(GalleryJob g, StatusView status) {
    JobView job = g.job();
    return switch (job.status()) {
      case QUEUED ->
          "<p class=\"progress\">Queued"
              + (g.queuePosition() == null ? "" : ", position " + g.queuePosition())
              + (status.runnerAwake()
                  ? ""
                  : " — <strong>runner asleep, " + status.queued() + " queued</strong>")
              + "</p>";
      case RUNNING -> {
        JobView.Progress p = job.progress();
        yield p == null
            ? "<p class=\"progress\">Starting…</p>"
            : "<p class=\"progress\"><label>Painting step "
                + p.step()
                + "/"
                + p.total()
                + " <progress max=\""
                + p.total()
                + "\" value=\""
                + p.step()
                + "\"></progress>"
                + "</label></p>";
      }
      case SUCCEEDED -> "";
      default ->
          "<p class=\"progress error\">"
              + esc(job.status())
              + (job.error() == null ? "" : ": " + esc(job.error()))
              + "</p>";
    };
  }

  /** A job's images with keep / discard / share buttons; {@code show} picks which images. */
  static String images(GalleryJob g, WebSession session, String back, String show) {
    StringBuilder out = new StringBuilder("<ul class=\"images\">");
    for (GalleryJob.GalleryImage image : g.images()) {
      if (!shown(image, show)) {
        continue;
      }
      out.append(image(g, image, session, back));
    }
    return out.append("</ul>").toString();
  }

  static boolean shown(GalleryJob.GalleryImage image, String show) {
    return switch (show) {
      case "kept" -> image.mark() == Mark.KEPT;
      case "discarded" -> image.mark() == Mark.DISCARDED || image.mark() == Mark.PURGED;
      case "all" -> true;
      default -> image.visibleByDefault();
    };
  }

  static String alt(JobView job, int index) {
    return job.prompt() + " (image " + (index + 1) + " of " + job.count() + ")";
  }

  private static String image(
      GalleryJob g, GalleryJob.GalleryImage image, WebSession session, String back) {
    Mark mark = image.mark();
    String state = mark == null ? "" : " " + mark.name().toLowerCase();
    StringBuilder out =
        new StringBuilder("<li class=\"image" + state + "\" data-index=\"" + image.index() + "\">");
    if (mark == Mark.PURGED) {
      out.append("<p class=\"purged\">Image ").append(image.index() + 1).append(" purged</p>");
      return out.append("</li>").toString();
    }
    String src = image.thumbUrl() != null ? image.thumbUrl() : image.url();
    out.append("<a href=\"")
        .append(esc(image.url()))
        .append("\"><img src=\"")
        .append(esc(src))
        .append("\" alt=\"")
        .append(esc(alt(g.job(), image.index())))
        .append("\" loading=\"lazy\"></a>");
    String action = "/app/images/" + g.job().id() + "/" + image.index() + "/mark";
    out.append("<div class=\"actions\">");
    out.append(
        markButton(
            action,
            session,
            back,
            mark == Mark.KEPT ? "NONE" : "KEPT",
            mark == Mark.KEPT,
            "★ Keep",
            "keep"));
    out.append(
        markButton(
            action,
            session,
            back,
            mark == Mark.DISCARDED ? "NONE" : "DISCARDED",
            mark == Mark.DISCARDED,
            "✕ Discard",
            "discard"));
    if (mark == Mark.KEPT) {
      out.append("<form method=\"post\" action=\"/app/shares\">")
          .append(Layout.csrfField(session))
          .append("<input type=\"hidden\" name=\"jobId\" value=\"")
          .append(esc(g.job().id()))
          .append("\"><input type=\"hidden\" name=\"index\" value=\"")
          .append(image.index())
          .append("\"><button type=\"submit\" class=\"share\">Share</button></form>");
    }
    out.append("</div><p class=\"seed\">seed ").append(image.seed()).append("</p>");
    return out.append("</li>").toString();
  }

  private static String markButton(
      String action,
      WebSession session,
      String back,
      String value,
      boolean pressed,
      String label,
      String cssClass) {
    return "<form method=\"post\" class=\"inline\" action=\""
        + esc(action)
        + "\">"
        + Layout.csrfField(session)
        + "<input type=\"hidden\" name=\"back\" value=\""
        + esc(back)
        + "\">"
        + "<input type=\"hidden\" name=\"mark\" value=\""
        + value
        + "\">"
        + "<button type=\"submit\" class=\""
        + cssClass
        + "\" aria-pressed=\""
        + pressed
        + "\">"
        + label
        + "</button></form>";
  }

  /** Whether every job is finished, so the page can stop polling. */
  static boolean done(List<GalleryJob> jobs) {
    return jobs.stream().allMatch(j -> j.job().status().isTerminal());
  }

  static String statusBadge(JobStatus status) {
    return "<span class=\"badge "
        + status.name().toLowerCase()
        + "\">"
        + status.name().toLowerCase()
        + "</span>";
  }
}
