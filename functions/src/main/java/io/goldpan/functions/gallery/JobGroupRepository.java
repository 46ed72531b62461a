package io.goldpan.functions.gallery;

import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import java.util.Optional;

/** The {@code job_groups} table. */
@JdbcRepository(dialect = Dialect.H2)
public interface JobGroupRepository extends CrudRepository<JobGroup, String> {

  Optional<JobGroup> findByIdAndOwner(String id, String owner);
}
