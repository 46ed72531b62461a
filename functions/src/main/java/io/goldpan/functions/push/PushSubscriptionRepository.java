package io.goldpan.functions.push;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The {@code push_subscriptions} table. */
@JdbcRepository(dialect = Dialect.H2)
public interface PushSubscriptionRepository extends CrudRepository<PushSubscription, String> {

  List<PushSubscription> findByOwnerOrderByCreatedAt(String owner);

  Optional<PushSubscription> findByEndpointHash(String endpointHash);

  long countByOwner(String owner);

  boolean existsByOwner(String owner);

  @Query("DELETE FROM push_subscriptions WHERE id = :id AND owner = :owner")
  int deleteByIdAndOwner(String id, String owner);

  @Query("UPDATE push_subscriptions SET last_sent_at = :at WHERE id = :id")
  int sent(String id, Instant at);
}
