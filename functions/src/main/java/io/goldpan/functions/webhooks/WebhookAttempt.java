package io.goldpan.functions.webhooks;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;

/**
 * A row of {@code webhook_attempts}: one POST to a job's webhook and how it went.
 *
 * @param statusCode the receiver's HTTP status; null when no answer came
 * @param error why the attempt failed without an answer (refused address, timeout, ...)
 */
@MappedEntity(value = "webhook_attempts", escape = false)
public record WebhookAttempt(
    @Id String id,
    String deliveryId,
    String jobId,
    int attempt,
    Instant at,
    @Nullable Integer statusCode,
    @Nullable String error,
    long durationMs) {}
