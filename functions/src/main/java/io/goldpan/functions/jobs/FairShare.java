package io.goldpan.functions.jobs;

import io.goldpan.functions.runners.RunnerRepository;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * Releases jobs to the jobs queue a few per owner at a time, so one friend's 200 queued tries do
 * not make another's single job wait behind them all. The database is the queue of record: an owner
 * has at most {@link JobsConfig#ownerInFlight()} jobs sent and unfinished; the rest wait as QUEUED
 * rows and are sent as earlier ones finish. Owners take turns by the age of their oldest waiting
 * job. This holds on every SQS implementation; on AWS the message group id adds SQS's own fair
 * queueing on top.
 */
@Singleton
public class FairShare {
  /** What a release pass did. */
  public record Released(int sent, int failed) {
    Released plus(Released other) {
      return new Released(sent + other.sent, failed + other.failed);
    }
  }

  private static final Duration FIRST_RESEND_BACKOFF = Duration.ofSeconds(15);
  private static final Duration MAX_RESEND_BACKOFF = Duration.ofHours(1);

  /** A runner heard from this recently counts as one that can take a job. */
  private static final Duration RUNNER_AWAKE = Duration.ofMinutes(2);

  private final JobRepository jobs;
  private final JobSender sender;
  private final RunnerRepository runners;
  private final JobsConfig config;
  private final Clock clock;

  public FairShare(
      JobRepository jobs,
      JobSender sender,
      RunnerRepository runners,
      JobsConfig config,
      Clock clock) {
    this.jobs = jobs;
    this.sender = sender;
    this.runners = runners;
    this.config = config;
    this.clock = clock;
  }

  /**
   * How many of one owner's jobs may be in the queue: the configured share, and never fewer than
   * one more than the runners awake, so an owner alone keeps every runner busy while another's job
   * still waits behind at most one round of it.
   */
  long share() {
    long awake = runners.countByLastSeenAtGreaterThanEquals(clock.instant().minus(RUNNER_AWAKE));
    return Math.max(config.ownerInFlight(), awake + 1);
  }

  /**
   * Sends the owner's oldest waiting jobs while the owner has room in the queue; a job the queue
   * refuses now is left for the sweeper, which tries again after {@code resend-after}.
   */
  public Released release(String owner) {
    return release(owner, now().plusSeconds(1), false);
  }

  /**
   * One pass over every owner with waiting jobs created before {@code createdBefore} (younger ones
   * are still being sent by their submit), at most {@code owners} owners.
   */
  public Released releaseWaiting(Instant createdBefore, int owners) {
    Released total = new Released(0, 0);
    for (String owner : jobs.findOwnersWaiting(createdBefore, now(), owners)) {
      total = total.plus(release(owner, createdBefore, true));
    }
    return total;
  }

  private Released release(String owner, Instant createdBefore, boolean backOff) {
    long room = share() - jobs.countInFlight(owner);
    int sent = 0;
    int failed = 0;
    if (room <= 0) {
      return new Released(0, 0);
    }
    // Jobs SQS refuses back off one by one, so they cannot hold back the owner's others.
    Instant now = now();
    List<Job> waiting = jobs.findWaiting(owner, createdBefore, now, BATCH);
    for (Job job : waiting) {
      if (sent >= room) {
        break;
      }
      if (sender.send(job)) {
        sent++;
      } else {
        failed++;
        if (!backOff) {
          continue;
        }
        jobs.markSendFailed(job.id(), now.plus(resendBackoff(jobs.sendAttempts(job.id()))));
      }
    }
    return new Released(sent, failed);
  }

  private static final int BATCH = 100;

  /** 15 s after the first failed send, doubling, at most an hour. */
  static Duration resendBackoff(int failedAttempts) {
    Duration backoff =
        FIRST_RESEND_BACKOFF.multipliedBy(1L << Math.min(20, Math.max(0, failedAttempts)));
    return backoff.compareTo(MAX_RESEND_BACKOFF) > 0 ? MAX_RESEND_BACKOFF : backoff;
  }

  private Instant now() {
    return Instant.now(clock).truncatedTo(ChronoUnit.MILLIS);
  }
}
