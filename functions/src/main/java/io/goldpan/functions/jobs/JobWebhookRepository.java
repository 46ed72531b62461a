package io.goldpan.functions.jobs;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import java.time.Instant;
import java.util.List;

/** The {@code job_webhooks} table. */
@JdbcRepository(dialect = Dialect.H2)
public interface JobWebhookRepository extends CrudRepository<JobWebhook, String> {

  @Query(
      "UPDATE job_webhooks SET completed_at = :at WHERE job_id = :jobId AND completed_at IS NULL")
  int markCompleted(String jobId, Instant at);

  /**
   * Subscriptions of finished jobs whose completed event is not recorded yet: jobs that ended
   * outside the events consumer (cancelled through the API, expired or failed by the sweeper).
   */
  @Query(
      value =
          "SELECT w.* FROM job_webhooks w JOIN jobs j ON j.id = w.job_id WHERE w.completed_at IS"
              + " NULL AND j.status IN ('SUCCEEDED', 'FAILED', 'CANCELLED', 'EXPIRED') LIMIT"
              + " :limit",
      nativeQuery = true)
  List<JobWebhook> findFinishedUnrecorded(int limit);
}
