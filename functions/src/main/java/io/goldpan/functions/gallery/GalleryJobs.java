package io.goldpan.functions.gallery;

import io.goldpan.functions.jobs.Job;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;
import java.time.Instant;
import java.util.Collection;
import java.util.List;

/**
 * The gallery's reads and writes of the {@code jobs} table: search, triage filters, queue counts
 * and the group columns. Kept apart from the jobs API's repository so the two evolve independently.
 */
@JdbcRepository(dialect = Dialect.H2)
public interface GalleryJobs extends GenericRepository<Job, String> {

  /**
   * A page of the owner's jobs, newest first, whose prompt contains every word of {@code search};
   * see {@link #searchWords} for {@code show}.
   */
  default List<Job> search(String owner, GallerySearch search, String show, int limit, int offset) {
    return searchWords(
        owner,
        search.pattern(0),
        search.pattern(1),
        search.pattern(2),
        search.pattern(3),
        search.pattern(4),
        search.pattern(5),
        show,
        limit,
        offset);
  }

  /**
   * A page of the owner's jobs, newest first, whose prompt matches each of {@code w0}…{@code w5}
   * (LIKE patterns escaped with backslash; {@code %} where there are fewer words, one slot per
   * {@link GallerySearch#MAX_WORDS}). {@code show}: {@code kept} = jobs with a kept image, {@code
   * discarded} = jobs with a discarded image, {@code all} = everything, anything else = jobs that
   * still have an image not thrown away (or no images yet).
   */
  @Query(
      "SELECT * FROM jobs WHERE owner = :owner AND LOWER(prompt) LIKE :w0 ESCAPE '\\' AND"
          + " LOWER(prompt) LIKE :w1 ESCAPE '\\' AND LOWER(prompt) LIKE :w2 ESCAPE '\\' AND"
          + " LOWER(prompt) LIKE :w3 ESCAPE '\\' AND LOWER(prompt) LIKE :w4 ESCAPE '\\' AND"
          + " LOWER(prompt) LIKE :w5 ESCAPE '\\' AND"
          + " (:show = 'all' OR (:show = 'kept' AND EXISTS (SELECT 1 FROM image_marks m     WHERE"
          + " m.job_id = jobs.id AND m.mark = 'KEPT')) OR (:show = 'discarded' AND EXISTS (SELECT 1"
          + " FROM image_marks m     WHERE m.job_id = jobs.id AND m.mark = 'DISCARDED')) OR (:show"
          + " = 'default' AND (status <> 'SUCCEEDED' OR count > (SELECT COUNT(*)     FROM"
          + " image_marks m WHERE m.job_id = jobs.id AND m.mark IN ('DISCARDED', 'PURGED')))))"
          + " ORDER BY created_at DESC, id DESC LIMIT :limit OFFSET :offset")
  List<Job> searchWords(
      String owner,
      String w0,
      String w1,
      String w2,
      String w3,
      String w4,
      String w5,
      String show,
      int limit,
      int offset);

  @Query("SELECT * FROM jobs WHERE group_id = :groupId AND owner = :owner ORDER BY created_at, id")
  List<Job> findByGroup(String groupId, String owner);

  /** The jobs of the owner's groups {@code groupIds}, oldest first. */
  @Query(
      "SELECT * FROM jobs WHERE owner = :owner AND group_id IN (:groupIds) ORDER BY created_at, id")
  List<Job> findByGroups(String owner, Collection<String> groupIds);

  @Query("SELECT * FROM jobs WHERE owner = :owner AND id IN (:ids)")
  List<Job> findByIds(String owner, Collection<String> ids);

  /** The owner's newest job, the one whose settings the submit form starts from. */
  @Query("SELECT * FROM jobs WHERE owner = :owner ORDER BY created_at DESC, id DESC LIMIT 1")
  List<Job> findLatest(String owner);

  @Query("SELECT COUNT(*) FROM jobs WHERE owner = :owner AND status = 'QUEUED'")
  long countQueued(String owner);

  /** How many QUEUED jobs, of anyone, went to the jobs queue before {@code enqueuedAt}. */
  @Query(
      "SELECT COUNT(*) FROM jobs WHERE status = 'QUEUED' AND enqueued_at IS NOT NULL"
          + " AND enqueued_at < :enqueuedAt")
  long countSentBefore(Instant enqueuedAt);

  /** How many QUEUED jobs, of anyone, are on the jobs queue. */
  @Query("SELECT COUNT(*) FROM jobs WHERE status = 'QUEUED' AND enqueued_at IS NOT NULL")
  long countSent();

  /** How many of the owner's QUEUED jobs wait in the database (the fair share) before this one. */
  @Query(
      "SELECT COUNT(*) FROM jobs WHERE owner = :owner AND status = 'QUEUED' AND enqueued_at IS NULL"
          + " AND created_at < :createdAt")
  long countOwnWaitingBefore(String owner, Instant createdAt);

  @Query("UPDATE jobs SET group_id = :groupId, style = :style WHERE id = :id")
  int assignGroup(String id, String groupId, @Nullable String style);
}
