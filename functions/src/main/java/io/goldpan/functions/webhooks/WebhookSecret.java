package io.goldpan.functions.webhooks;

import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;

/** A row of {@code webhook_secrets}: the key an owner's webhooks are signed with. */
@MappedEntity(value = "webhook_secrets", escape = false)
public record WebhookSecret(@Id String owner, String secret, Instant createdAt) {}
