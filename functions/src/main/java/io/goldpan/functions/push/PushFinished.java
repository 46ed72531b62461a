package io.goldpan.functions.push;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;

/** A row of {@code push_finished}: a job that reached a terminal state, not yet notified. */
@MappedEntity(value = "push_finished", escape = false)
public record PushFinished(
    @Id String jobId, String owner, Instant createdAt, @Nullable Instant handledAt) {}
