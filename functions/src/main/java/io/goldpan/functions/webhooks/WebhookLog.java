package io.goldpan.functions.webhooks;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;
import java.util.List;

/** {@code GET /api/jobs/{id}/webhooks}: where the job's events go and how each delivery went. */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
public record WebhookLog(
    @Nullable String url, @Nullable List<String> events, List<Delivery> deliveries) {

  /** One event: its {@code webhook-id}, state and attempts. */
  @Serdeable
  @JsonInclude(JsonInclude.Include.ALWAYS)
  public record Delivery(
      String id,
      String event,
      @Nullable Integer image,
      WebhookDelivery.Status status,
      int attempts,
      @Nullable Instant nextAttemptAt,
      Instant createdAt,
      List<Attempt> log) {}

  /** One POST: when, the receiver's status code or why there was none, and how long it took. */
  @Serdeable
  @JsonInclude(JsonInclude.Include.ALWAYS)
  public record Attempt(
      int attempt,
      Instant at,
      @Nullable Integer statusCode,
      @Nullable String error,
      long durationMs) {}

  /** {@code POST /api/webhook-secret}: the new secret, shown this once. */
  @Serdeable
  public record NewSecret(String secret) {}
}
