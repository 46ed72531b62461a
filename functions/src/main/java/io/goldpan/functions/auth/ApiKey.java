package io.goldpan.functions.auth;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;

/** A row of {@code api_keys}: who a key belongs to and the SHA-256 of its secret, never the key. */
@MappedEntity(value = "api_keys", escape = false)
public record ApiKey(
    @Id String keyId,
    String owner,
    String secretHash,
    Instant createdAt,
    @Nullable String label,
    @Nullable Instant lastUsedAt) {}
