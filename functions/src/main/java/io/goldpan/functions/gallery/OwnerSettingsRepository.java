package io.goldpan.functions.gallery;

import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;

/** Owners' choices, one row each. */
@JdbcRepository(dialect = Dialect.H2)
public interface OwnerSettingsRepository extends CrudRepository<OwnerSettings, String> {

  /** The owner's settings, the defaults when they never chose. */
  default OwnerSettings of(String owner) {
    return findById(owner).orElseGet(() -> OwnerSettings.defaults(owner));
  }

  /** Stores the owner's settings, replacing any earlier ones. */
  default void put(OwnerSettings settings) {
    if (existsById(settings.owner())) {
      update(settings);
    } else {
      save(settings);
    }
  }
}
