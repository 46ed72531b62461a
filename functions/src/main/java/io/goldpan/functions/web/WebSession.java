package io.goldpan.functions.web;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;

/**
 * A row of {@code web_sessions}: a signed-in browser. The cookie holds a random id; only its
 * SHA-256 is stored. {@code csrfToken} must accompany every state-changing request of the session.
 */
@MappedEntity(value = "web_sessions", escape = false)
public record WebSession(
    @Id String idHash,
    String owner,
    String csrfToken,
    Instant createdAt,
    Instant expiresAt,
    @Nullable String keyId) {}
