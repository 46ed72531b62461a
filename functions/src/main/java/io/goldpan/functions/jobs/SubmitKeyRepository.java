package io.goldpan.functions.jobs;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import java.time.Instant;

/** The {@code submit_keys} table. */
@JdbcRepository(dialect = Dialect.H2)
public interface SubmitKeyRepository extends CrudRepository<SubmitKey, String> {

  /**
   * Takes over a key whose earlier holder is older than {@code before} (a stale claim, or a key
   * past its lifetime); returns 1 when this call took it.
   */
  @Query(
      "UPDATE submit_keys SET request_hash = :requestHash, job_id = :jobId, result = NULL,"
          + " created_at = :createdAt WHERE id = :id AND created_at < :before")
  int takeOver(
      String id, String requestHash, @Nullable String jobId, Instant createdAt, Instant before);

  @Query("UPDATE submit_keys SET result = :result WHERE id = :id")
  int complete(String id, String result);

  /** Forgets keys created before {@code before}. */
  int deleteByCreatedAtLessThan(Instant before);
}
