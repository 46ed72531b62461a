package io.goldpan.functions.web;

import io.goldpan.functions.gallery.GalleryJob;
import io.goldpan.functions.gallery.JobGroup;
import io.goldpan.functions.gallery.Mark;
import io.goldpan.functions.jobs.JobStatus;
import io.goldpan.functions.jobs.JobView;
import io.goldpan.functions.status.StatusView;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * Lays a group out as a comparison grid: one row per style or prompt variant (the jobs of one row,
 * split by the per-job limit, read as one run), one column per seed, so the same seed lines up down
 * the page. Every cell keeps its place: a discarded image is dimmed, an image not painted yet or
 * purged leaves a note.
 */
final class GroupGrid {
  private GroupGrid() {}

  static Views.GroupLive of(
      JobGroup group, List<GalleryJob> members, WebSession session, StatusView status) {
    Map<String, List<GalleryJob>> rows = new LinkedHashMap<>();
    TreeSet<Long> seeds = new TreeSet<>();
    for (GalleryJob g : members) {
      rows.computeIfAbsent(rowKey(g), k -> new ArrayList<>()).add(g);
      for (int i = 0; i < g.job().parameters().count(); i++) {
        seeds.add(g.job().parameters().seed() + i);
      }
    }
    String back = "/app/groups/" + group.id();
    List<Views.GridRow> gridRows = new ArrayList<>();
    for (List<GalleryJob> jobs : rows.values()) {
      gridRows.add(row(jobs, seeds, status));
    }
    return new Views.GroupLive(
        group.id(),
        session.csrfToken(),
        back,
        List.copyOf(seeds),
        gridRows,
        !JobFragments.done(members));
  }

  /** Jobs of one style and one prompt form a row. */
  private static String rowKey(GalleryJob g) {
    return (g.style() == null ? "" : g.style()) + "\n" + g.job().parameters().prompt();
  }

  private static Views.GridRow row(List<GalleryJob> jobs, TreeSet<Long> seeds, StatusView status) {
    GalleryJob first = jobs.get(0);
    List<Views.GridCell> cells = new ArrayList<>();
    for (long seed : seeds) {
      cells.add(cell(jobs, seed));
    }
    long kept =
        jobs.stream().flatMap(g -> g.images().stream()).filter(i -> i.mark() == Mark.KEPT).count();
    int total = jobs.stream().mapToInt(g -> g.job().parameters().count()).sum();
    return new Views.GridRow(
        first.style() == null ? "" : first.style(),
        first.style() == null ? first.job().parameters().prompt() : first.style(),
        first.job().id(),
        jobs.size(),
        kept,
        total,
        JobFragments.progress(busiest(jobs), status),
        cells);
  }

  /** The job whose progress says most about the row: painting, else waiting, else failed. */
  private static GalleryJob busiest(List<GalleryJob> jobs) {
    for (JobStatus wanted :
        List.of(
            JobStatus.RUNNING,
            JobStatus.QUEUED,
            JobStatus.FAILED,
            JobStatus.EXPIRED,
            JobStatus.CANCELLED)) {
      for (GalleryJob g : jobs) {
        if (g.job().status() == wanted) {
          return g;
        }
      }
    }
    return jobs.get(0);
  }

  private static Views.GridCell cell(List<GalleryJob> jobs, long seed) {
    for (GalleryJob g : jobs) {
      JobView job = g.job();
      long index = seed - job.parameters().seed();
      if (index < 0 || index >= job.parameters().count()) {
        continue;
      }
      int i = (int) index;
      GalleryJob.GalleryImage image =
          g.images().stream().filter(im -> im.index() == i).findFirst().orElse(null);
      if (image == null) {
        String note =
            job.status().isTerminal()
                ? job.status().name().toLowerCase(Locale.ROOT)
                : job.status() == JobStatus.RUNNING ? "painting…" : "queued";
        return empty(job.status().isTerminal() ? " missing" : " pending", seed, job.id(), i, note);
      }
      Mark mark = image.mark();
      if (mark == Mark.PURGED) {
        return empty(" purged", seed, job.id(), i, "purged");
      }
      return new Views.GridCell(
          mark == null ? "" : " " + mark.name().toLowerCase(Locale.ROOT),
          seed,
          true,
          job.id(),
          i,
          image.url(),
          image.thumbUrl() != null ? image.thumbUrl() : image.url(),
          JobFragments.alt(job, i),
          "/app/images/" + job.id() + "/" + i + "/mark",
          mark == Mark.KEPT ? "NONE" : "KEPT",
          mark == Mark.KEPT,
          mark == Mark.DISCARDED ? "NONE" : "DISCARDED",
          mark == Mark.DISCARDED,
          SubmitController.iterateHref(job.id(), i, true),
          "");
    }
    return empty(" empty", seed, "", 0, "");
  }

  private static Views.GridCell empty(
      String state, long seed, String jobId, int index, String note) {
    return new Views.GridCell(
        state, seed, false, jobId, index, "", "", "", "", "", false, "", false, "", note);
  }
}
