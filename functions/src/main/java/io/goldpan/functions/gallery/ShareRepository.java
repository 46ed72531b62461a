package io.goldpan.functions.gallery;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The {@code shares} table. */
@JdbcRepository(dialect = Dialect.H2)
public interface ShareRepository extends CrudRepository<Share, String> {

  Optional<Share> findByTokenHash(String tokenHash);

  @Query("SELECT * FROM shares WHERE owner = :owner ORDER BY created_at DESC LIMIT 50")
  List<Share> findRecent(String owner);

  @Query(
      "UPDATE shares SET revoked_at = :at"
          + " WHERE id = :id AND owner = :owner AND revoked_at IS NULL")
  int revoke(String id, String owner, Instant at);
}
