package io.goldpan.functions.gallery;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;
import java.time.Instant;
import java.util.Collection;
import java.util.List;

/** The {@code image_marks} table. */
@JdbcRepository(dialect = Dialect.H2)
public interface ImageMarkRepository extends GenericRepository<ImageMark, ImageMark.Key> {

  ImageMark save(ImageMark mark);

  @Query("SELECT * FROM image_marks WHERE job_id IN (:jobIds)")
  List<ImageMark> findByJobIds(Collection<String> jobIds);

  /** Changes a mark, except a purged one: its objects are gone. */
  @Query(
      "UPDATE image_marks SET mark = :mark, updated_at = :at"
          + " WHERE job_id = :jobId AND idx = :idx AND mark <> 'PURGED'")
  int update(String jobId, int idx, String mark, Instant at);

  @Query("DELETE FROM image_marks WHERE job_id = :jobId AND idx = :idx AND mark <> 'PURGED'")
  int clear(String jobId, int idx);

  @Query(
      "SELECT m.* FROM image_marks m JOIN jobs j ON j.id = m.job_id"
          + " WHERE j.owner = :owner AND m.mark = 'DISCARDED'")
  List<ImageMark> findDiscarded(String owner);

  /** Images of any owner discarded before {@code before}, oldest first. */
  @Query(
      "SELECT * FROM image_marks WHERE mark = 'DISCARDED' AND updated_at < :before"
          + " ORDER BY updated_at LIMIT :limit")
  List<ImageMark> findDiscardedBefore(Instant before, int limit);

  @Query(
      "SELECT COUNT(*) FROM image_marks m JOIN jobs j ON j.id = m.job_id"
          + " WHERE j.owner = :owner AND m.mark = 'DISCARDED'")
  long countDiscarded(String owner);
}
