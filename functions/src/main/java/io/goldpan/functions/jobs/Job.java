package io.goldpan.functions.jobs;

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
    @Nullable String runnerId) {}
