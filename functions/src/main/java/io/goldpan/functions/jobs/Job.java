package io.goldpan.functions.jobs;

import io.micronaut.core.annotation.Creator;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;

/** A row of {@code jobs}: one prompt submission, its parameters and its progress. */
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
    @Nullable Double strength) {

  @Creator
  public Job {}

  /** A text-to-image job. */
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
      String runnerId) {
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
        null,
        null,
        null);
  }
}
