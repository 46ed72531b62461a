package io.goldpan.functions.jobs;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.List;

/**
 * What jobs may ask for and how long their links and their wait last.
 *
 * @param models the model names runners can paint with, the first being the default; a job may also
 *     name a model a runner reported within {@code runnerModelsWindow}; anything else is refused at
 *     submit
 * @param urlTtl lifetime of a presigned image URL (SigV4 allows at most 7 days)
 * @param deadline a job still QUEUED this long after submission becomes EXPIRED
 * @param runnerModelsWindow how recent a runner heartbeat must be for its models to be accepted
 * @param ownerInFlight how many of one owner's jobs may be on the jobs queue or painting at once
 *     (at least one more than the runners awake, so one owner alone keeps them all busy); the rest
 *     wait in the database and are sent as those finish (the fair share)
 */
@ConfigurationProperties("goldpan.jobs")
public record JobsConfig(
    @NotEmpty @Bindable(defaultValue = "demo") List<String> models,
    @NotNull @Bindable(defaultValue = "1h") Duration urlTtl,
    @NotNull @Bindable(defaultValue = "24h") Duration deadline,
    @NotNull @Bindable(defaultValue = "10m") Duration runnerModelsWindow,
    @Min(1) @Bindable(defaultValue = "2") int ownerInFlight) {

  private static final Duration MAX_URL_TTL = Duration.ofDays(7);

  public JobsConfig {
    if (urlTtl != null
        && (urlTtl.isNegative() || urlTtl.isZero() || urlTtl.compareTo(MAX_URL_TTL) > 0)) {
      throw new IllegalArgumentException(
          "goldpan.jobs.url-ttl must be positive and at most 7d (a SigV4 limit), got " + urlTtl);
    }
    if (deadline != null && (deadline.isNegative() || deadline.isZero())) {
      throw new IllegalArgumentException("goldpan.jobs.deadline must be positive, got " + deadline);
    }
    models = models == null ? null : List.copyOf(models);
  }
}
