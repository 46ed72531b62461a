package io.goldpan.functions.runners;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import java.time.Instant;
import java.util.List;

/** The {@code runners} table. */
@JdbcRepository(dialect = Dialect.H2)
public interface RunnerRepository extends CrudRepository<KnownRunner, String> {

  /** Refreshes a known runner; a late heartbeat never moves {@code last_seen_at} back. */
  @Query(
      "UPDATE runners SET models = :models, execution_provider = :executionProvider,"
          + " varying_models = :varyingModels, fast_models = :fastModels,"
          + " last_seen_at = CASE WHEN last_seen_at < :seenAt THEN :seenAt ELSE last_seen_at END"
          + " WHERE runner_id = :runnerId")
  int touch(
      String runnerId,
      Instant seenAt,
      String models,
      @Nullable String executionProvider,
      @Nullable String varyingModels,
      @Nullable String fastModels);

  /**
   * Records that a known runner was heard from at {@code seenAt} through a job's event, leaving its
   * models as its last heartbeat said; never moves {@code last_seen_at} back.
   */
  @Query(
      "UPDATE runners SET last_seen_at = :seenAt WHERE runner_id = :runnerId"
          + " AND last_seen_at < :seenAt")
  int seen(String runnerId, Instant seenAt);

  /** How many runners sent a heartbeat at or after {@code since}. */
  long countByLastSeenAtGreaterThanEquals(Instant since);

  /** Runners whose last heartbeat is at or after {@code since}. */
  List<KnownRunner> findByLastSeenAtGreaterThanEquals(Instant since);
}
