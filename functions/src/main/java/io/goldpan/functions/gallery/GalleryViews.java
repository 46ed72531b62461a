package io.goldpan.functions.gallery;

import io.goldpan.functions.jobs.Job;
import io.goldpan.functions.jobs.JobStatus;
import io.goldpan.functions.jobs.JobView;
import io.goldpan.functions.jobs.JobViews;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.Comparator;
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

  /** The owner's newest job, whose settings a new submission starts from. */
  public Optional<Job> latest(String owner) {
    return jobs.findLatest(owner).stream().findFirst();
  }

  /**
   * The jobs of {@code g}'s row of its group, by seed: the jobs of the same style and prompt, which
   * a count above the per-job limit split; just {@code g}'s own job when it has no group.
   */
  public List<Job> row(String owner, GalleryJob g) {
    if (g.groupId() == null) {
      return jobs.findByIds(owner, List.of(g.job().id()));
    }
    List<Job> own = jobs.findByGroup(g.groupId(), owner);
    Map<String, String> styleById = new HashMap<>();
    for (GroupedJob grouped : this.grouped.findByGroupId(g.groupId())) {
      styleById.put(grouped.id(), grouped.style() == null ? "" : grouped.style());
    }
    String style = g.style() == null ? "" : g.style();
    return own.stream()
        .filter(j -> j.prompt().equals(g.job().parameters().prompt()))
        .filter(j -> style.equals(styleById.getOrDefault(j.id(), "")))
        .sorted(Comparator.comparingLong(Job::seed))
        .toList();
  }

  /** One of the owner's groups with its jobs, oldest first. */
  public record GroupSummary(JobGroup group, List<GalleryJob> jobs) {}

  /** A page of the owner's groups, newest first, each with its jobs. */
  public List<GroupSummary> groups(String owner, int limit, int offset) {
    List<JobGroup> page = groups.findPage(owner, limit, offset);
    if (page.isEmpty()) {
      return List.of();
    }
    Map<String, List<GalleryJob>> byGroup = new HashMap<>();
    for (GalleryJob g : of(jobs.findByGroups(owner, page.stream().map(JobGroup::id).toList()))) {
      byGroup.computeIfAbsent(g.groupId(), k -> new ArrayList<>()).add(g);
    }
    return page.stream()
        .map(group -> new GroupSummary(group, byGroup.getOrDefault(group.id(), List.of())))
        .toList();
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
