package io.goldpan.functions.jobs;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;
import java.util.Optional;

/** The {@code job_previews} table. */
@JdbcRepository(dialect = Dialect.H2)
public interface JobPreviewRepository extends GenericRepository<JobPreview, String> {

  JobPreview save(JobPreview preview);

  Optional<JobPreview> findById(String jobId);

  /** Replaces the job's preview by a newer one (never by an older); 0 when none was stored yet. */
  @Query("UPDATE job_previews SET idx = :idx, step = :step WHERE job_id = :jobId AND step <= :step")
  int replace(String jobId, int idx, int step);

  @Query("SELECT COUNT(*) FROM job_previews WHERE job_id = :jobId")
  long countByJobId(String jobId);
}
