package io.goldpan.functions.jobs;

import io.goldpan.contract.ImageRef;
import io.goldpan.contract.JobParameters;
import io.micronaut.core.annotation.Creator;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;

/**
 * A row of {@code jobs}: one prompt submission, its parameters and its progress. The parameters are
 * columns of the row, so the gallery's searches and the sweeper's queries read them directly;
 * {@link #parameters()} gives them as the one record the queue and the API carry.
 */
@MappedEntity(value = "jobs", escape = false)
public record Job(
    @Id String id,
    String owner,
    JobStatus status,
    String prompt,
    @Nullable String negativePrompt,
    int count,
    long seed,
    int width,
    int height,
    int steps,
    double guidance,
    String model,
    @Nullable String scheduler,
    Instant createdAt,
    Instant updatedAt,
    @Nullable Instant startedAt,
    @Nullable Instant finishedAt,
    /** When SQS acknowledged the job message; {@code null} until then, so the sweeper re-sends. */
    @Nullable Instant enqueuedAt,
    Instant deadlineAt,
    @Nullable Integer progressStep,
    @Nullable Integer progressTotal,
    @Nullable String error,
    @Nullable Long queueMs,
    @Nullable Long inferenceMs,
    @Nullable Long uploadMs,
    @Nullable Long totalMs,
    @Nullable String runnerId,
    /** Image to image: the job of the picture to start from; {@code null} for text to image. */
    @Nullable String initJobId,
    /** Image to image: that picture's index in its job. */
    @Nullable Integer initIndex,
    /** Image to image: how much of the picture to repaint, in (0, 1]. */
    @Nullable Double strength,
    /** {@code fast} to decode with the model's TAESD decoder; {@code null} for its VAE. */
    @Nullable String decoder) {

  @Creator
  public Job {}

  /** A job decoded with its model's VAE, as before {@code decoder}. */
  public Job(
      String id,
      String owner,
      JobStatus status,
      String prompt,
      String negativePrompt,
      int count,
      long seed,
      int width,
      int height,
      int steps,
      double guidance,
      String model,
      String scheduler,
      Instant createdAt,
      Instant updatedAt,
      Instant startedAt,
      Instant finishedAt,
      Instant enqueuedAt,
      Instant deadlineAt,
      Integer progressStep,
      Integer progressTotal,
      String error,
      Long queueMs,
      Long inferenceMs,
      Long uploadMs,
      Long totalMs,
      String runnerId,
      String initJobId,
      Integer initIndex,
      Double strength) {
    this(
        id,
        owner,
        status,
        prompt,
        negativePrompt,
        count,
        seed,
        width,
        height,
        steps,
        guidance,
        model,
        scheduler,
        createdAt,
        updatedAt,
        startedAt,
        finishedAt,
        enqueuedAt,
        deadlineAt,
        progressStep,
        progressTotal,
        error,
        queueMs,
        inferenceMs,
        uploadMs,
        totalMs,
        runnerId,
        initJobId,
        initIndex,
        strength,
        null);
  }

  /**
   * A job just accepted: {@link JobStatus#QUEUED}, not yet sent to the queue.
   *
   * @param now when it was accepted
   * @param deadline after this it is no longer wanted
   */
  public static Job queued(
      String id, String owner, JobParameters parameters, Instant now, Instant deadline) {
    JobParameters p = parameters;
    return new Job(
        id,
        owner,
        JobStatus.QUEUED,
        p.prompt(),
        p.negativePrompt(),
        p.count(),
        p.seed(),
        p.width(),
        p.height(),
        p.steps(),
        p.guidance(),
        p.model(),
        p.scheduler(),
        now,
        now,
        null,
        null,
        null,
        deadline,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        p.init() == null ? null : p.init().jobId(),
        p.init() == null ? null : p.init().index(),
        p.strength(),
        p.decoder());
  }

  /** What the job paints, as the queue and the API carry it. */
  public JobParameters parameters() {
    return new JobParameters(
        prompt,
        negativePrompt,
        count,
        seed,
        width,
        height,
        steps,
        guidance,
        model,
        scheduler,
        initJobId == null ? null : new ImageRef(initJobId, initIndex),
        strength,
        decoder);
  }
}
