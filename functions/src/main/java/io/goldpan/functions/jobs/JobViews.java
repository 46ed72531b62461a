package io.goldpan.functions.jobs;

import jakarta.inject.Singleton;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Builds {@link JobView}s, signing every image URL afresh. */
@Singleton
public class JobViews {
  private final JobImageRepository images;
  private final ImageLinks links;

  public JobViews(JobImageRepository images, ImageLinks links) {
    this.images = images;
    this.links = links;
  }

  public JobView of(Job job) {
    return of(List.of(job)).get(0);
  }

  /** Views of several jobs, loading their images in one query. */
  public List<JobView> of(List<Job> jobs) {
    if (jobs.isEmpty()) {
      return List.of();
    }
    Collection<String> ids = jobs.stream().map(Job::id).toList();
    Map<String, List<JobImage>> byJob =
        images.findByJobIds(ids).stream().collect(Collectors.groupingBy(i -> i.key().jobId()));
    return jobs.stream().map(job -> view(job, byJob.getOrDefault(job.id(), List.of()))).toList();
  }

  private JobView view(Job job, List<JobImage> jobImages) {
    JobView.Progress progress =
        job.progressStep() == null || job.progressTotal() == null
            ? null
            : new JobView.Progress(job.progressStep(), job.progressTotal());
    JobView.Timings timings =
        job.totalMs() == null
            ? null
            : new JobView.Timings(job.queueMs(), job.inferenceMs(), job.uploadMs(), job.totalMs());
    List<JobView.Image> shown =
        jobImages.stream()
            .map(
                i ->
                    new JobView.Image(
                        i.key().idx(),
                        i.seed(),
                        i.width(),
                        i.height(),
                        links.presign(i.imageKey()),
                        i.thumbKey() == null ? null : links.presign(i.thumbKey())))
            .toList();
    return new JobView(
        job.id(),
        job.status(),
        job.parameters(),
        job.createdAt(),
        job.startedAt(),
        job.finishedAt(),
        progress,
        job.error(),
        timings,
        shown);
  }
}
