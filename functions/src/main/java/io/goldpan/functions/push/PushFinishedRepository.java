package io.goldpan.functions.push;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import java.time.Instant;
import java.util.List;

/** The {@code push_finished} table. */
@JdbcRepository(dialect = Dialect.H2)
public interface PushFinishedRepository extends CrudRepository<PushFinished, String> {

  @Query(
      value =
          "SELECT * FROM push_finished WHERE handled_at IS NULL ORDER BY created_at LIMIT :limit",
      nativeQuery = true)
  List<PushFinished> findOpen(int limit);

  @Query("UPDATE push_finished SET handled_at = :at WHERE job_id = :jobId")
  int handled(String jobId, Instant at);

  /**
   * Terminal jobs finished since {@code since}, of owners who had a device by then, with no row
   * here: jobs that ended outside the events consumer (cancelled through the API, expired by the
   * sweeper).
   */
  @Query(
      value =
          "SELECT j.id FROM jobs j WHERE j.owner IN (SELECT owner FROM push_subscriptions) AND"
              + " j.status IN ('SUCCEEDED', 'FAILED', 'CANCELLED', 'EXPIRED') AND j.finished_at >="
              + " :since AND j.finished_at >= (SELECT MIN(s.created_at) FROM push_subscriptions s"
              + " WHERE s.owner = j.owner) AND NOT EXISTS (SELECT 1 FROM push_finished f WHERE"
              + " f.job_id = j.id) AND j.created_at >= :createdSince LIMIT :limit",
      nativeQuery = true)
  List<String> findMissedJobIds(Instant since, Instant createdSince, int limit);
}
