package io.goldpan.functions.jobs;

import io.goldpan.functions.FunctionsException;
import java.time.Duration;

/** A submission over one of the owner's quotas: a 429 that names the limit. */
public class QuotaExceededException extends FunctionsException {
  private final String limit;
  private final long max;
  private final Duration retryAfter;

  public QuotaExceededException(String limit, long max, Duration retryAfter, String message) {
    super(message);
    this.limit = limit;
    this.max = max;
    this.retryAfter = retryAfter;
  }

  /** The quota's name, e.g. {@code imagesPerDay}. */
  public String limit() {
    return limit;
  }

  public long max() {
    return max;
  }

  /** When trying again can succeed, at the earliest. */
  public Duration retryAfter() {
    return retryAfter;
  }
}
