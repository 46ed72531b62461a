package io.goldpan.functions.webhooks;

import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;

/**
 * A row of {@code webhook_deliveries}: one event to send to a job's webhook.
 *
 * @param id the {@code webhook-id} header, the same on every attempt
 * @param event a {@link io.goldpan.functions.jobs.WebhookEvent} wire name
 * @param imageIdx the stored image an {@code output} event is about; -1 for the others
 */
@MappedEntity(value = "webhook_deliveries", escape = false)
public record WebhookDelivery(
    @Id String id,
    String jobId,
    String event,
    int imageIdx,
    Status status,
    int attempts,
    Instant nextAttemptAt,
    Instant createdAt) {

  /** PENDING until a 2xx (DELIVERED) or the last attempt (FAILED). */
  public enum Status {
    PENDING,
    DELIVERED,
    FAILED
  }
}
