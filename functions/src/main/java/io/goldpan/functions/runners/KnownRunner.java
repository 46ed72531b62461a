package io.goldpan.functions.runners;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;

/** A row of {@code runners}: the last heartbeat of one GPU runner. */
@MappedEntity(value = "runners", escape = false)
public record KnownRunner(
    @Id String runnerId, Instant lastSeenAt, String models, @Nullable String executionProvider) {}
