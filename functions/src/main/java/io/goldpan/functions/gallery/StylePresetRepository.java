package io.goldpan.functions.gallery;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import java.util.List;

/** The {@code style_presets} table. */
@JdbcRepository(dialect = Dialect.H2)
public interface StylePresetRepository extends CrudRepository<StylePreset, String> {

  @Query("SELECT * FROM style_presets WHERE owner = :owner ORDER BY name, id")
  List<StylePreset> findByOwner(String owner);

  @Query("DELETE FROM style_presets WHERE id = :id AND owner = :owner")
  int deleteOwned(String id, String owner);
}
