package io.goldpan.functions.runners;

import io.micronaut.core.annotation.Creator;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;

/**
 * A row of {@code runners}: the last heartbeat of one GPU runner.
 *
 * @param varyingModels those of {@code models} that can start from a picture, comma-separated;
 *     {@code null} when the runner did not say
 * @param fastModels those of {@code models} with a tiny decoder (TAESD), comma-separated; {@code
 *     null} when the runner did not say
 */
@MappedEntity(value = "runners", escape = false)
public record KnownRunner(
    @Id String runnerId,
    Instant lastSeenAt,
    String models,
    @Nullable String executionProvider,
    @Nullable String varyingModels,
    @Nullable String fastModels) {

  @Creator
  public KnownRunner {}

  /** A runner that did not say which models have a tiny decoder. */
  public KnownRunner(
      String runnerId,
      Instant lastSeenAt,
      String models,
      String executionProvider,
      String varyingModels) {
    this(runnerId, lastSeenAt, models, executionProvider, varyingModels, null);
  }

  /** A runner that did not say which models can vary. */
  public KnownRunner(String runnerId, Instant lastSeenAt, String models, String executionProvider) {
    this(runnerId, lastSeenAt, models, executionProvider, null, null);
  }
}
