package io.goldpan.functions.jobs;

import jakarta.inject.Singleton;
import java.util.Optional;

/** Running jobs' latest previews, as the runner's progress events announced them. */
@Singleton
public class JobPreviews {
  private final JobPreviewRepository previews;

  public JobPreviews(JobPreviewRepository previews) {
    this.previews = previews;
  }

  /**
   * The latest preview of {@code job} while it runs; empty once it has ended or before its first
   * preview. The caller has checked that the job is its owner's.
   */
  public Optional<JobPreview> latest(JobView job) {
    return job.status() == JobStatus.RUNNING ? previews.findById(job.id()) : Optional.empty();
  }

  /** Whether {@code jobId} has had a preview (its owner checked by the caller). */
  public boolean exists(String jobId) {
    return previews.findById(jobId).isPresent();
  }
}
