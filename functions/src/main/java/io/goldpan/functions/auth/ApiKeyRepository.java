package io.goldpan.functions.auth;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import java.time.Instant;
import java.util.List;

/** The {@code api_keys} table. */
@JdbcRepository(dialect = Dialect.H2)
public interface ApiKeyRepository extends CrudRepository<ApiKey, String> {

  /**
   * Notes a use of the key, at most once per {@code before} interval (a write per call is waste).
   */
  @Query(
      "UPDATE api_keys SET last_used_at = :at WHERE key_id = :keyId"
          + " AND (last_used_at IS NULL OR last_used_at < :before)")
  int touch(String keyId, Instant at, Instant before);

  List<ApiKey> findByOwnerOrderByCreatedAt(String owner);

  List<ApiKey> listOrderByOwnerAndCreatedAt();
}
