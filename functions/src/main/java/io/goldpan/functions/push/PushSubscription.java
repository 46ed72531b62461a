package io.goldpan.functions.push;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;

/**
 * A row of {@code push_subscriptions}: one browser of an owner that asked for notifications.
 *
 * @param endpoint the push service URL the browser gave (a capability: never logged or shown)
 * @param p256dh the browser's P-256 public key, base64url (65 bytes)
 * @param auth the browser's auth secret, base64url (16 bytes)
 */
@MappedEntity(value = "push_subscriptions", escape = false)
public record PushSubscription(
    @Id String id,
    String owner,
    String device,
    String endpoint,
    String endpointHash,
    String p256dh,
    String auth,
    Instant createdAt,
    @Nullable Instant lastSentAt) {}
