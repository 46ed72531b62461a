package io.goldpan.functions.gallery;

import io.goldpan.functions.jobs.Job;
import io.goldpan.functions.jobs.JobStatus;
import io.goldpan.functions.jobs.JobView;
import io.goldpan.functions.jobs.JobViews;
import jakarta.inject.Singleton;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/** Builds {@link GalleryJob}s: job views with signed URLs, marks, groups and queue places. */
@Singleton
public class GalleryViews {
  private final JobViews views;
  private final ImageMarkRepository marks;
  private final GroupedJobRepository grouped;
  private final GalleryJobs jobs;
  private final JobGroupRepository groups;

  public GalleryViews(
      JobViews views,
      ImageMarkRepository marks,
      GroupedJobRepository grouped,
      GalleryJobs jobs,
      JobGroupRepository groups) {
    this.views = views;
    this.marks = marks;
    this.grouped = grouped;
    this.jobs = jobs;
    this.groups = groups;
  }

  /**
   * What is ahead of a queued job: on the jobs queue, what went there before it; while it waits in
   * the database for the owner's fair share, everything on the queue and the owner's own earlier
   * waiting jobs. Other owners' waiting jobs are never ahead: their turns come after.
   */
  private long position(Job job) {
    if (job.enqueuedAt() != null) {
      return jobs.countSentBefore(job.enqueuedAt()) + 1;
    }
    return jobs.countSent() + jobs.countOwnWaitingBefore(job.owner(), job.createdAt()) + 1;
  }

  /**
   * A page of the owner's jobs, newest first, whose prompt has every word of {@code search}; see
   * {@link GalleryJobs#searchWords} for {@code show}.
   */
  public List<Job> search(String owner, GallerySearch search, String show, int limit, int offset) {
    return jobs.search(owner, search, show, limit, offset);
  }

  /** The owner's group {@code id}. */
  public Optional<JobGroup> group(String id, String owner) {
    return groups.findByIdAndOwner(id, owner);
  }

  /** The jobs of the owner's group {@code groupId}, oldest first. */
  public List<GalleryJob> ofGroup(String groupId, String owner) {
    return of(jobs.findByGroup(groupId, owner));
  }

  public GalleryJob of(Job job) {
    return of(List.of(job)).get(0);
  }

  public List<GalleryJob> of(List<Job> found) {
    if (found.isEmpty()) {
      return List.of();
    }
    List<String> ids = found.stream().map(Job::id).toList();
    Map<ImageMark.Key, Mark> markByImage = new HashMap<>();
    for (ImageMark m : marks.findByJobIds(ids)) {
      markByImage.put(m.key(), m.mark());
    }
    Map<String, GroupedJob> groups =
        grouped.findByIds(ids).stream()
            .collect(Collectors.toMap(GroupedJob::id, Function.identity()));
    List<JobView> jobViews = views.of(found);
    return IntStream.range(0, found.size())
        .mapToObj(
            i -> {
              Job job = found.get(i);
              JobView view = jobViews.get(i);
              GroupedJob g = groups.get(job.id());
              Long position = job.status() == JobStatus.QUEUED ? position(job) : null;
              List<GalleryJob.GalleryImage> images =
                  view.images().stream()
                      .map(
                          im ->
                              new GalleryJob.GalleryImage(
                                  job.id(),
                                  im.index(),
                                  im.seed(),
                                  im.url(),
                                  im.thumbUrl(),
                                  markByImage.get(new ImageMark.Key(job.id(), im.index()))))
                      .toList();
              return new GalleryJob(
                  view,
                  g == null ? null : g.groupId(),
                  g == null ? null : g.style(),
                  position,
                  images);
            })
        .toList();
  }
}
