package io.goldpan.functions.gallery;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;

/**
 * A row of {@code shares}: a read-only link to one image ({@code jobId} + {@code idx}) or one
 * group, showing its {@code contents}. Only the SHA-256 of the token is stored.
 */
@MappedEntity(value = "shares", escape = false)
public record Share(
    @Id String id,
    String tokenHash,
    String owner,
    @Nullable String jobId,
    @Nullable Integer idx,
    @Nullable String groupId,
    Instant createdAt,
    Instant expiresAt,
    @Nullable Instant revokedAt,
    @Nullable ShareContents contents) {}
