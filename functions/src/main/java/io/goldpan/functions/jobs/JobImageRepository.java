package io.goldpan.functions.jobs;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;
import java.util.Collection;
import java.util.List;

/** The {@code job_images} table. */
@JdbcRepository(dialect = Dialect.H2)
public interface JobImageRepository extends GenericRepository<JobImage, JobImage.Key> {

  JobImage save(JobImage image);

  @Query("SELECT * FROM job_images WHERE job_id IN (:jobIds) ORDER BY job_id, idx")
  List<JobImage> findByJobIds(Collection<String> jobIds);

  @Query("DELETE FROM job_images WHERE job_id = :jobId")
  int deleteByJobId(String jobId);
}
