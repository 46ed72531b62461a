package io.goldpan.functions.sweeper;

import io.goldpan.functions.jobs.Job;
import io.goldpan.functions.jobs.JobRepository;
import io.goldpan.functions.jobs.JobSender;
import io.goldpan.functions.jobs.SubmitKeys;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes sure every job gets somewhere: re-sends jobs whose message SQS never acknowledged, expires
 * QUEUED jobs past their deadline and fails RUNNING jobs nobody has reported on for too long.
 */
@Singleton
public class Sweeper {
  static final String EXPIRED_ERROR = "no runner took the job before its deadline";
  static final String STALE_ERROR =
      "the runner stopped reporting on this job (no progress for too long); submit it again";
  private static final int BATCH = 100;
  private static final Logger LOG = LoggerFactory.getLogger(Sweeper.class);

  private final JobRepository jobs;
  private final JobSender sender;
  private final SweeperConfig config;
  private final SubmitKeys submitKeys;
  private final Clock clock;

  public Sweeper(
      JobRepository jobs,
      JobSender sender,
      SubmitKeys submitKeys,
      SweeperConfig config,
      Clock clock) {
    this.jobs = jobs;
    this.sender = sender;
    this.submitKeys = submitKeys;
    this.config = config;
    this.clock = clock;
  }

  /** What one sweep did. */
  public record Result(int resent, int unsent, int expired, int stale) {}

  /** One pass: expire first, so a job past its deadline is never sent. */
  public Result sweepOnce() {
    Instant now = Instant.now(clock).truncatedTo(ChronoUnit.MILLIS);
    int expired = jobs.markExpired(EXPIRED_ERROR, now);
    int stale = jobs.markStaleRunningFailed(STALE_ERROR, now.minus(config.staleRunning()), now);
    List<Job> unsent = jobs.findUnsent(now.minus(config.resendAfter()), BATCH);
    int resent = 0;
    for (Job job : unsent) {
      if (sender.send(job)) {
        resent++;
      }
    }
    submitKeys.expire();
    Result result = new Result(resent, unsent.size() - resent, expired, stale);
    if (expired > 0 || stale > 0 || !unsent.isEmpty()) {
      LOG.info(
          "sweep: resent={} stillUnsent={} expired={} staleFailed={}",
          resent,
          result.unsent(),
          expired,
          stale);
    }
    return result;
  }
}
