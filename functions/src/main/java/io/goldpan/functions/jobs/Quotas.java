package io.goldpan.functions.jobs;

import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/** Checks a submission against the owner's quotas before anything is stored. */
@Singleton
public class Quotas {
  private static final Duration DAY = Duration.ofHours(24);

  /** When unfinished jobs are the limit, a minute is a fair guess for one to finish. */
  private static final Duration UNFINISHED_RETRY = Duration.ofMinutes(1);

  private final JobRepository jobs;
  private final QuotasConfig config;
  private final Clock clock;

  public Quotas(JobRepository jobs, QuotasConfig config, Clock clock) {
    this.jobs = jobs;
    this.config = config;
    this.clock = clock;
  }

  /** What the owner has used and may use. */
  public record Usage(long unfinished, int maxUnfinished, long imagesToday, int imagesPerDay) {}

  public Usage usage(String owner) {
    return new Usage(
        jobs.countUnfinished(owner),
        config.maxUnfinished(owner),
        jobs.sumImagesSince(owner, clock.instant().minus(DAY)),
        config.imagesPerDay(owner));
  }

  /**
   * @throws QuotaExceededException when {@code newJobs} more jobs of {@code newImages} images in
   *     all would pass one of the owner's quotas
   */
  public void check(String owner, int newJobs, long newImages) {
    Usage usage = usage(owner);
    if (usage.unfinished() + newJobs > usage.maxUnfinished()) {
      throw new QuotaExceededException(
          "maxUnfinished",
          usage.maxUnfinished(),
          UNFINISHED_RETRY,
          "at most "
              + usage.maxUnfinished()
              + " jobs may be queued or painting at once (maxUnfinished); you have "
              + usage.unfinished()
              + " and this asks for "
              + newJobs
              + " more: wait for some to finish, or cancel some");
    }
    if (usage.imagesToday() + newImages > usage.imagesPerDay()) {
      Instant now = clock.instant();
      Duration wait =
          jobs.findOldestSince(owner, now.minus(DAY)).stream()
              .findFirst()
              .map(oldest -> Duration.between(now, oldest.createdAt().plus(DAY)))
              .filter(d -> !d.isNegative())
              .orElse(UNFINISHED_RETRY);
      throw new QuotaExceededException(
          "imagesPerDay",
          usage.imagesPerDay(),
          wait,
          "at most "
              + usage.imagesPerDay()
              + " images a day (imagesPerDay); you asked for "
              + usage.imagesToday()
              + " in the last 24 h and this asks for "
              + newImages
              + " more");
    }
  }
}
