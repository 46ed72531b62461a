package io.goldpan.functions.gallery;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;
import java.util.Collection;
import java.util.List;

/** Reads the group and style of jobs. */
@JdbcRepository(dialect = Dialect.H2)
public interface GroupedJobRepository extends GenericRepository<GroupedJob, String> {

  @Query("SELECT id, group_id, style FROM jobs WHERE id IN (:ids)")
  List<GroupedJob> findByIds(Collection<String> ids);

  @Query(
      "SELECT id, group_id, style FROM jobs WHERE group_id = :groupId" + " ORDER BY created_at, id")
  List<GroupedJob> findByGroupId(String groupId);
}
