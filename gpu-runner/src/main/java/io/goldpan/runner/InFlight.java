package io.goldpan.runner;

import io.goldpan.runner.queue.JobSource;
import io.goldpan.runner.queue.QueueMessage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The message of the job being painted. It is settled exactly once, deleted or released, by the
 * worker or by a stop that ran out of patience; its visibility heartbeat ends when it is settled.
 *
 * <p>SQS never hides a message for more than 12 hours after it was received, however often its
 * visibility is extended. When the next extension would pass that limit the heartbeat extends to
 * just short of it and flags the job as {@link #overran() overrun}, so the worker can fail it
 * cleanly instead of letting it reappear for another runner mid-painting.
 */
final class InFlight {
  private static final Logger log = LoggerFactory.getLogger(InFlight.class);

  private final QueueMessage message;
  private final String jobId;
  private final JobSource jobs;

  /** SQS's cap on a message's total invisibility, less a margin for clock skew and call latency. */
  static final Duration MAX_HOLD = Duration.ofHours(12).minusMinutes(1);

  private final AtomicBoolean settled = new AtomicBoolean();
  private volatile boolean overran;
  private volatile ScheduledFuture<?> heartbeat;

  InFlight(QueueMessage message, String jobId, JobSource jobs) {
    this.message = message;
    this.jobId = jobId;
    this.jobs = jobs;
  }

  String jobId() {
    return jobId;
  }

  QueueMessage message() {
    return message;
  }

  /**
   * Extends the message's visibility every {@code interval} until it is settled, never past {@link
   * #MAX_HOLD} after {@code receivedAt}.
   */
  void startHeartbeat(
      ScheduledExecutorService scheduler,
      Duration interval,
      Duration visibility,
      Clock clock,
      Instant receivedAt) {
    Instant limit = receivedAt.plus(MAX_HOLD);
    heartbeat =
        scheduler.scheduleAtFixedRate(
            () -> {
              try {
                Duration left = Duration.between(clock.instant(), limit);
                if (left.compareTo(visibility) < 0) {
                  if (!overran) {
                    overran = true;
                    log.warn(
                        "jobId={} has held its message for almost 12 h, the most SQS allows",
                        jobId);
                    if (left.toSeconds() >= 1) {
                      jobs.extend(message, Duration.ofSeconds(left.toSeconds()));
                    }
                  }
                  return;
                }
                jobs.extend(message, visibility);
              } catch (RuntimeException e) {
                log.warn(
                    "jobId={} cannot extend the job message's visibility: {}",
                    jobId,
                    e.getMessage());
              }
            },
            interval.toNanos(),
            interval.toNanos(),
            TimeUnit.NANOSECONDS);
  }

  void stopHeartbeat() {
    ScheduledFuture<?> running = heartbeat;
    if (running != null) {
      running.cancel(false);
    }
  }

  /** Whether the job has run so long that its message cannot be hidden any longer. */
  boolean overran() {
    return overran;
  }

  boolean isSettled() {
    return settled.get();
  }

  /** Deletes the message unless it was settled already; returns whether this call settled it. */
  boolean delete() {
    if (!settled.compareAndSet(false, true)) {
      return false;
    }
    stopHeartbeat();
    jobs.delete(message);
    return true;
  }

  /**
   * {@link #delete()}, logging instead of throwing: a message that could not be deleted reappears
   * when its visibility timeout ends, and painting it again changes nothing the user sees.
   */
  void deleteQuietly() {
    try {
      delete();
    } catch (RuntimeException e) {
      log.warn(
          "jobId={} cannot delete the finished job's message; it reappears when its visibility"
              + " timeout ends and is painted again: {}",
          jobId,
          e.getMessage());
    }
  }

  /** Releases the message unless it was settled already; returns whether this call settled it. */
  boolean release() {
    if (!settled.compareAndSet(false, true)) {
      return false;
    }
    stopHeartbeat();
    jobs.release(message);
    return true;
  }

  /**
   * Hands the message back after {@code delay} rather than at once, so a passing outage is not
   * spent in a burst of deliveries that would push the job into the dead-letter queue. Logs instead
   * of throwing: the message reappears on its own anyway.
   */
  void releaseAfterQuietly(Duration delay) {
    if (!settled.compareAndSet(false, true)) {
      return;
    }
    stopHeartbeat();
    try {
      jobs.extend(message, delay);
    } catch (RuntimeException e) {
      log.warn(
          "jobId={} cannot delay the job message's retry; it reappears when its visibility timeout"
              + " ends: {}",
          jobId,
          e.getMessage());
    }
  }

  /** {@link #release()}, logging instead of throwing: the message reappears on its own anyway. */
  void releaseQuietly() {
    try {
      release();
    } catch (RuntimeException e) {
      log.warn(
          "jobId={} cannot release the job message; it reappears when its visibility timeout ends:"
              + " {}",
          jobId,
          e.getMessage());
    }
  }
}
