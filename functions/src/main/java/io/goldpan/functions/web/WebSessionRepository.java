package io.goldpan.functions.web;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import java.time.Instant;

/** The {@code web_sessions} table. */
@JdbcRepository(dialect = Dialect.H2)
public interface WebSessionRepository extends CrudRepository<WebSession, String> {

  @Query("DELETE FROM web_sessions WHERE expires_at < :now")
  int deleteExpired(Instant now);

  /** Ends every session the key {@code keyId} opened. */
  int deleteByKeyId(String keyId);
}
