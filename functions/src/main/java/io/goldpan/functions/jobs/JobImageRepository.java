package io.goldpan.functions.jobs;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** The {@code job_images} table. */
@JdbcRepository(dialect = Dialect.H2)
public interface JobImageRepository extends GenericRepository<JobImage, JobImage.Key> {

  JobImage save(JobImage image);

  @Query("SELECT * FROM job_images WHERE job_id IN (:jobIds) ORDER BY job_id, idx")
  List<JobImage> findByJobIds(Collection<String> jobIds);

  /**
   * Image {@code idx} of {@code owner}'s job {@code jobId} while it is still stored: not purged,
   * its job's objects not removed; empty for another owner's image.
   */
  @Query(
      "SELECT i.* FROM job_images i JOIN jobs j ON j.id = i.job_id"
          + " LEFT JOIN image_marks m ON m.job_id = i.job_id AND m.idx = i.idx"
          + " WHERE i.job_id = :jobId AND i.idx = :idx AND j.owner = :owner"
          + " AND j.objects_removed_at IS NULL AND (m.mark IS NULL OR m.mark <> 'PURGED')")
  Optional<JobImage> findStored(String jobId, int idx, String owner);

  @Query("DELETE FROM job_images WHERE job_id = :jobId")
  int deleteByJobId(String jobId);
}
