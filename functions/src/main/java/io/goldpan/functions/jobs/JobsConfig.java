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
 * @param urlTtl how long a presigned image URL stays valid at least, counted from when a page shows
 *     it; the same URL is shown for {@link #urlWindow()}, so it is signed for {@link
 *     #urlLifetime()}, which SigV4 caps at 7 days
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

  private static final Duration MAX_URL_LIFETIME = Duration.ofDays(7);

  public JobsConfig {
    if (urlTtl != null
        && (urlTtl.isNegative()
            || urlTtl.isZero()
            || urlLifetime(urlTtl).compareTo(MAX_URL_LIFETIME) > 0)) {
      throw new IllegalArgumentException(
          "goldpan.jobs.url-ttl must be positive and at most 112h: a signed image URL is shown for"
              + " half its ttl and so signed for 1.5 times it, and SigV4 allows at most 7d; got "
              + urlTtl);
    }
    if (deadline != null && (deadline.isNegative() || deadline.isZero())) {
      throw new IllegalArgumentException("goldpan.jobs.deadline must be positive, got " + deadline);
    }
    models = models == null ? null : List.copyOf(models);
  }

  /**
   * How long one signed URL is shown for before the next is signed: half of {@code urlTtl} in whole
   * seconds, at least one second. Windows start at multiples of it since the epoch, so every server
   * signs the same URL for a key within one.
   */
  public Duration urlWindow() {
    return urlWindow(urlTtl);
  }

  /**
   * How long a URL is signed for, {@code urlTtl + urlWindow}: one signed at a window's start and
   * shown until its end still has {@code urlTtl} left.
   */
  public Duration urlLifetime() {
    return urlLifetime(urlTtl);
  }

  private static Duration urlWindow(Duration ttl) {
    return Duration.ofSeconds(Math.max(1, ttl.dividedBy(2).toSeconds()));
  }

  private static Duration urlLifetime(Duration ttl) {
    Duration lifetime = ttl.plus(urlWindow(ttl));
    // SigV4 counts whole seconds; rounding up never shortens the promise
    return lifetime.getNano() == 0 ? lifetime : Duration.ofSeconds(lifetime.getSeconds() + 1);
  }
}
