package io.goldpan.functions.webhooks;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import java.time.Instant;

/** The {@code webhook_secrets} table. */
@JdbcRepository(dialect = Dialect.H2)
public interface WebhookSecretRepository extends CrudRepository<WebhookSecret, String> {

  @Query(
      "UPDATE webhook_secrets SET secret = :secret, created_at = :createdAt WHERE owner = :owner")
  int replace(String owner, String secret, Instant createdAt);
}
