package io.goldpan.functions.webhooks;

import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import java.util.List;

/** The {@code webhook_attempts} table: the delivery log. */
@JdbcRepository(dialect = Dialect.H2)
public interface WebhookAttemptRepository extends CrudRepository<WebhookAttempt, String> {

  List<WebhookAttempt> findByJobIdOrderByAt(String jobId);
}
