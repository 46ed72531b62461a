package io.goldpan.functions.webhooks;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import java.time.Instant;
import java.util.List;

/** The {@code webhook_deliveries} table. */
@JdbcRepository(dialect = Dialect.H2)
public interface WebhookDeliveryRepository extends CrudRepository<WebhookDelivery, String> {

  boolean existsByJobIdAndEventAndImageIdx(String jobId, String event, int imageIdx);

  List<WebhookDelivery> findByJobIdOrderByCreatedAt(String jobId);

  @Query(
      value =
          "SELECT * FROM webhook_deliveries WHERE status = 'PENDING' AND next_attempt_at <= :now"
              + " ORDER BY next_attempt_at, created_at LIMIT :limit",
      nativeQuery = true)
  List<WebhookDelivery> findDue(Instant now, int limit);

  /** Takes a due delivery for one attempt; 1 when this caller got it. */
  @Query(
      "UPDATE webhook_deliveries SET next_attempt_at = :leaseUntil WHERE id = :id AND status ="
          + " 'PENDING' AND next_attempt_at = :seen")
  int claim(String id, Instant seen, Instant leaseUntil);

  @Query(
      "UPDATE webhook_deliveries SET status = :status, attempts = :attempts, next_attempt_at ="
          + " :nextAttemptAt WHERE id = :id")
  int attempted(String id, WebhookDelivery.Status status, int attempts, Instant nextAttemptAt);
}
