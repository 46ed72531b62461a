package io.goldpan.runner;

import io.goldpan.runner.config.RunnerConfig;
import io.goldpan.runner.queue.MessageGoneException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The runner's repeating timers, on one scheduler: its runner-alive heartbeat, and for the job in
 * hand the visibility heartbeat that keeps its message hidden and the progress keep-alive.
 */
final class Timers {
  private static final Logger log = LoggerFactory.getLogger(Timers.class);

  private final ScheduledExecutorService scheduler;
  private final RunnerConfig config;
  private final Clock clock;

  Timers(ScheduledExecutorService scheduler, RunnerConfig config, Clock clock) {
    this.scheduler = scheduler;
    this.config = config;
    this.clock = clock;
  }

  /** How often idle models are asked whether to hand their GPU memory back. */
  static final Duration IDLE_CHECK = Duration.ofSeconds(30);

  /** Runs {@code check} every {@link #IDLE_CHECK}, logging instead of stopping on a failure. */
  ScheduledFuture<?> idleCheck(Runnable check) {
    return every(
        IDLE_CHECK,
        IDLE_CHECK,
        () -> {
          try {
            check.run();
          } catch (RuntimeException e) {
            log.warn("cannot hand idle GPU memory back: {}", e.getMessage());
          }
        });
  }

  /** Runs {@code heartbeat} now and then every {@link RunnerConfig#runnerHeartbeat()}. */
  ScheduledFuture<?> runnerHeartbeat(Runnable heartbeat) {
    return every(Duration.ZERO, config.runnerHeartbeat(), heartbeat);
  }

  /**
   * Extends the message's visibility every {@link RunnerConfig#heartbeatInterval()} until it is
   * settled, never past {@link InFlight#MAX_HOLD} after it was received.
   */
  void keepHidden(InFlight inFlight) {
    Instant limit = inFlight.receivedAt().plus(InFlight.MAX_HOLD);
    inFlight.keepHiddenBy(
        every(
            config.heartbeatInterval(), config.heartbeatInterval(), () -> extend(inFlight, limit)));
  }

  /**
   * Re-sends the job's progress every {@link RunnerConfig#progressInterval()}, so a long image does
   * not look like a lost job; cancel the returned future when the job ends.
   */
  ScheduledFuture<?> keepReporting(String jobId, JobProgress progress) {
    return every(
        config.progressInterval(),
        config.progressInterval(),
        () -> {
          try {
            progress.resend();
          } catch (RuntimeException e) {
            log.warn("jobId={} cannot report progress: {}", jobId, e.getMessage());
          }
        });
  }

  private void extend(InFlight inFlight, Instant limit) {
    try {
      Duration visibility = config.visibilityTimeout();
      Duration left = Duration.between(clock.instant(), limit);
      if (left.compareTo(visibility) >= 0) {
        inFlight.extend(visibility);
        return;
      }
      if (!inFlight.overran()) {
        inFlight.markOverran();
        log.warn(
            "jobId={} has held its message for almost 12 h, the most SQS allows", inFlight.jobId());
        if (left.toSeconds() >= 1) {
          inFlight.extend(Duration.ofSeconds(left.toSeconds()));
        }
      }
    } catch (MessageGoneException e) {
      log.warn(
          "jobId={} its message is no longer this runner's (its hold lapsed and another runner may"
              + " be painting it); the visibility heartbeat stops: {}",
          inFlight.jobId(),
          e.getMessage());
      inFlight.stopHeartbeat();
    } catch (RuntimeException e) {
      log.warn(
          "jobId={} cannot extend the job message's visibility: {}",
          inFlight.jobId(),
          e.getMessage());
    }
  }

  /**
   * Runs {@code task} after {@code first}, then {@code interval} after each run ends. With a fixed
   * delay, not a fixed rate: after a laptop sleep or a SIGSTOP a fixed rate would fire every run it
   * missed at once, a burst of extensions, events and S3 requests that helps nobody.
   */
  private ScheduledFuture<?> every(Duration first, Duration interval, Runnable task) {
    return scheduler.scheduleWithFixedDelay(
        task, first.toNanos(), interval.toNanos(), TimeUnit.NANOSECONDS);
  }
}
