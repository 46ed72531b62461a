package io.goldpan.functions.auth;

import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;

/** The {@code api_keys} table. */
@JdbcRepository(dialect = Dialect.H2)
public interface ApiKeyRepository extends CrudRepository<ApiKey, String> {}
