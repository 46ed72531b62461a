package io.goldpan.functions.gallery;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import java.util.List;
import java.util.Optional;

/** The {@code job_groups} table. */
@JdbcRepository(dialect = Dialect.H2)
public interface JobGroupRepository extends CrudRepository<JobGroup, String> {

  Optional<JobGroup> findByIdAndOwner(String id, String owner);

  /** A page of the owner's groups, newest first. */
  @Query(
      "SELECT * FROM job_groups WHERE owner = :owner ORDER BY created_at DESC, id DESC"
          + " LIMIT :limit OFFSET :offset")
  List<JobGroup> findPage(String owner, int limit, int offset);
}
