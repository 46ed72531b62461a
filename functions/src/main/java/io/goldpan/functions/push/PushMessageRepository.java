package io.goldpan.functions.push;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import java.time.Instant;
import java.util.List;

/** The {@code push_messages} table. */
@JdbcRepository(dialect = Dialect.H2)
public interface PushMessageRepository extends CrudRepository<PushMessage, String> {

  boolean existsBySubscriptionIdAndSubjectId(String subscriptionId, String subjectId);

  List<PushMessage> findBySubscriptionId(String subscriptionId);

  @Query(
      value =
          "SELECT * FROM push_messages WHERE status = 'PENDING' AND next_attempt_at <= :now"
              + " ORDER BY next_attempt_at, created_at LIMIT :limit",
      nativeQuery = true)
  List<PushMessage> findDue(Instant now, int limit);

  /** Takes a due message for one attempt; 1 when this caller got it. */
  @Query(
      "UPDATE push_messages SET next_attempt_at = :leaseUntil WHERE id = :id AND status ="
          + " 'PENDING' AND next_attempt_at = :seen")
  int claim(String id, Instant seen, Instant leaseUntil);

  @Query(
      "UPDATE push_messages SET status = :status, attempts = :attempts, next_attempt_at ="
          + " :nextAttemptAt, last_status = :lastStatus, last_error = :lastError WHERE id = :id")
  int attempted(
      String id,
      PushMessage.Status status,
      int attempts,
      Instant nextAttemptAt,
      @Nullable Integer lastStatus,
      @Nullable String lastError);

  @Query("DELETE FROM push_messages WHERE subscription_id = :subscriptionId")
  int deleteBySubscriptionId(String subscriptionId);
}
