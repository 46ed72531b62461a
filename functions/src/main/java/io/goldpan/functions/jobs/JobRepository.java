package io.goldpan.functions.jobs;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The {@code jobs} table. Status changes are guarded {@code UPDATE}s that return the number of rows
 * they changed: a transition from a state it does not start from changes nothing, so duplicated or
 * reordered events can never move a job backwards.
 */
@JdbcRepository(dialect = Dialect.H2)
public interface JobRepository extends CrudRepository<Job, String> {

  Optional<Job> findByIdAndOwner(String id, String owner);

  @Query(
      "SELECT * FROM jobs WHERE owner = :owner" + " ORDER BY created_at DESC, id DESC LIMIT :limit")
  List<Job> findNewest(String owner, int limit);

  /** The page after the keyset cursor {@code (createdAt, id)}, newest first. */
  @Query(
      "SELECT * FROM jobs WHERE owner = :owner"
          + " AND (created_at < :createdAt OR (created_at = :createdAt AND id < :id))"
          + " ORDER BY created_at DESC, id DESC LIMIT :limit")
  List<Job> findOlderThan(String owner, Instant createdAt, String id, int limit);

  /** QUEUED jobs whose message SQS never acknowledged and whose next try is due, oldest first. */
  @Query(
      "SELECT * FROM jobs WHERE status = 'QUEUED' AND enqueued_at IS NULL"
          + " AND created_at < :createdBefore AND (next_send_at IS NULL OR next_send_at <= :now)"
          + " ORDER BY created_at LIMIT :limit")
  List<Job> findUnsent(Instant createdBefore, Instant now, int limit);

  /** The owner's jobs sent to the queue and not finished: what the owner has ahead in SQS. */
  @Query(
      "SELECT COUNT(*) FROM jobs WHERE owner = :owner AND status IN ('QUEUED', 'RUNNING')"
          + " AND enqueued_at IS NOT NULL")
  long countInFlight(String owner);

  /** The owner's jobs not finished, sent or held. */
  @Query("SELECT COUNT(*) FROM jobs WHERE owner = :owner AND status IN ('QUEUED', 'RUNNING')")
  long countUnfinished(String owner);

  /** Images the owner asked for in jobs created at or after {@code since}. */
  @Query("SELECT COALESCE(SUM(count), 0) FROM jobs WHERE owner = :owner AND created_at >= :since")
  long sumImagesSince(String owner, Instant since);

  /**
   * The owner's jobs created at or after {@code since}, oldest first: when the oldest leaves the
   * window, its images count no more.
   */
  @Query(
      "SELECT * FROM jobs WHERE owner = :owner AND created_at >= :since ORDER BY created_at LIMIT"
          + " 1")
  List<Job> findOldestSince(String owner, Instant since);

  /**
   * The owner's jobs not yet sent whose (next) send is due, oldest first: held back by the fair
   * share, or never acknowledged by SQS.
   */
  @Query(
      "SELECT * FROM jobs WHERE owner = :owner AND status = 'QUEUED' AND enqueued_at IS NULL"
          + " AND created_at < :createdBefore AND (next_send_at IS NULL OR next_send_at <= :now)"
          + " ORDER BY created_at LIMIT :limit")
  List<Job> findWaiting(String owner, Instant createdBefore, Instant now, int limit);

  /** Owners with waiting jobs, the one whose oldest waiting job is oldest first. */
  @Query(
      "SELECT owner FROM jobs WHERE status = 'QUEUED' AND enqueued_at IS NULL"
          + " AND created_at < :createdBefore AND (next_send_at IS NULL OR next_send_at <= :now)"
          + " GROUP BY owner ORDER BY MIN(created_at) LIMIT :limit")
  List<String> findOwnersWaiting(Instant createdBefore, Instant now, int limit);

  /** Notes a failed re-send: the job is tried again at {@code next}, not before. */
  @Query(
      "UPDATE jobs SET send_attempts = send_attempts + 1, next_send_at = :next"
          + " WHERE id = :id AND enqueued_at IS NULL")
  int markSendFailed(String id, Instant next);

  /** How many re-sends of the job failed. */
  @Query("SELECT send_attempts FROM jobs WHERE id = :id")
  int sendAttempts(String id);

  /** Fails QUEUED jobs never sent after {@code attempts} failed re-sends. */
  @Query(
      "UPDATE jobs SET status = 'FAILED', error = :error, finished_at = :now, updated_at = :now"
          + " WHERE status = 'QUEUED' AND enqueued_at IS NULL AND send_attempts >= :attempts")
  int markUnsendableFailed(String error, int attempts, Instant now);

  /** RUNNING jobs with no event since {@code staleBefore}: about to be failed as stale. */
  @Query(
      "SELECT * FROM jobs WHERE status = 'RUNNING' AND updated_at < :staleBefore"
          + " ORDER BY updated_at LIMIT :limit")
  List<Job> findStaleRunning(Instant staleBefore, int limit);

  /** CANCELLED jobs that ended before {@code before} whose objects were not removed yet. */
  @Query(
      "SELECT * FROM jobs WHERE status = 'CANCELLED' AND objects_removed_at IS NULL"
          + " AND finished_at < :before ORDER BY finished_at LIMIT :limit")
  List<Job> findCancelledWithObjects(Instant before, int limit);

  @Query("UPDATE jobs SET objects_removed_at = :at WHERE id = :id")
  int markObjectsRemoved(String id, Instant at);

  /** QUEUED jobs past their deadline: about to expire. */
  @Query(
      "SELECT * FROM jobs WHERE status = 'QUEUED' AND deadline_at < :now"
          + " ORDER BY deadline_at LIMIT :limit")
  List<Job> findPastDeadline(Instant now, int limit);

  /** Jobs not yet finished (QUEUED or RUNNING), oldest first, after the keyset {@code id}. */
  @Query(
      "SELECT * FROM jobs WHERE status IN ('QUEUED', 'RUNNING') AND id > :afterId"
          + " ORDER BY id LIMIT :limit")
  List<Job> findUnfinished(String afterId, int limit);

  @Query("UPDATE jobs SET enqueued_at = :at WHERE id = :id AND enqueued_at IS NULL")
  int markEnqueued(String id, Instant at);

  @Query(
      "UPDATE jobs SET status = 'RUNNING', started_at = :startedAt, runner_id = :runnerId,"
          + " updated_at = :now WHERE id = :id AND status = 'QUEUED'")
  int markStarted(String id, @Nullable String runnerId, Instant startedAt, Instant now);

  /** Records progress; a PROGRESS also proves the job started, and progress never goes back. */
  @Query(
      "UPDATE jobs SET status = 'RUNNING', started_at = COALESCE(started_at, :at),"
          + " progress_step = :step, progress_total = :total, updated_at = :now"
          + " WHERE id = :id AND status IN ('QUEUED', 'RUNNING')"
          + " AND (progress_step IS NULL OR progress_step <= :step)")
  int markProgress(String id, int step, int total, Instant at, Instant now);

  @Query(
      "UPDATE jobs SET status = 'SUCCEEDED', finished_at = :finishedAt,"
          + " started_at = COALESCE(started_at, :finishedAt), queue_ms = :queueMs,"
          + " progress_step = progress_total,"
          + " inference_ms = :inferenceMs, upload_ms = :uploadMs, total_ms = :totalMs,"
          + " error = NULL, updated_at = :now WHERE id = :id AND status IN ('QUEUED', 'RUNNING')")
  int markSucceeded(
      String id,
      Instant finishedAt,
      @Nullable Long queueMs,
      @Nullable Long inferenceMs,
      @Nullable Long uploadMs,
      @Nullable Long totalMs,
      Instant now);

  @Query(
      "UPDATE jobs SET status = 'FAILED', error = :error, finished_at = :finishedAt,"
          + " updated_at = :now WHERE id = :id AND status IN ('QUEUED', 'RUNNING')")
  int markFailed(String id, String error, Instant finishedAt, Instant now);

  @Query(
      "UPDATE jobs SET status = 'CANCELLED', finished_at = :finishedAt, updated_at = :now"
          + " WHERE id = :id AND status IN ('QUEUED', 'RUNNING')")
  int markCancelled(String id, Instant finishedAt, Instant now);

  /** Fails RUNNING jobs whose last event (start, progress) is older than {@code staleBefore}. */
  @Query(
      "UPDATE jobs SET status = 'FAILED', error = :error, finished_at = :now, updated_at = :now"
          + " WHERE status = 'RUNNING' AND updated_at < :staleBefore")
  int markStaleRunningFailed(String error, Instant staleBefore, Instant now);

  @Query(
      "UPDATE jobs SET status = 'EXPIRED', error = :error, finished_at = :now, updated_at = :now"
          + " WHERE status = 'QUEUED' AND deadline_at < :now")
  int markExpired(String error, Instant now);
}
