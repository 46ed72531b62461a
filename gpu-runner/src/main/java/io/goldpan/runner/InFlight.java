package io.goldpan.runner;

import io.goldpan.runner.queue.JobSource;
import io.goldpan.runner.queue.MessageGoneException;
import io.goldpan.runner.queue.QueueMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The message this runner holds, from its receipt until it is settled: deleted or released exactly
 * once, by the job's handling or by a stop that ran out of patience. Its visibility heartbeat ends
 * when it is settled.
 *
 * <p>SQS never hides a message for more than 12 hours after it was received, however often its
 * visibility is extended ({@link #MAX_HOLD}); a heartbeat that reaches that limit marks the job
 * {@link #overran() overrun}, so the job can be failed cleanly instead of reappearing for another
 * runner mid-painting.
 */
final class InFlight {
  private static final Logger log = LoggerFactory.getLogger(InFlight.class);

  /** SQS's cap on a message's total invisibility, less a margin for clock skew and call latency. */
  static final Duration MAX_HOLD = Duration.ofHours(12).minusMinutes(1);

  private final QueueMessage message;
  private final JobSource jobs;
  private final Instant receivedAt;
  private final AtomicBoolean settled = new AtomicBoolean();
  private volatile String jobId;
  private volatile boolean overran;
  private volatile ScheduledFuture<?> heartbeat;
  private volatile Boolean cancelLookedAhead;

  InFlight(QueueMessage message, JobSource jobs, Instant receivedAt) {
    this.message = message;
    this.jobs = jobs;
    this.receivedAt = receivedAt;
  }

  /** Names the job once its message has been read, for the logs. */
  void identify(String jobId) {
    this.jobId = jobId;
  }

  /** Keeps what a look for the job's cancel marker found while the job waited its turn. */
  void lookedAheadForCancel(boolean found) {
    this.cancelLookedAhead = found;
  }

  /** What the look while the job waited its turn found; empty when none was made. */
  Optional<Boolean> cancelLookedAhead() {
    return Optional.ofNullable(cancelLookedAhead);
  }

  String jobId() {
    return jobId;
  }

  QueueMessage message() {
    return message;
  }

  Instant receivedAt() {
    return receivedAt;
  }

  /** Hides the message for another {@code visibility} from now. */
  void extend(Duration visibility) {
    jobs.extend(message, visibility);
  }

  /** The heartbeat that extends the visibility; cancelled when the message is settled. */
  void keepHiddenBy(ScheduledFuture<?> heartbeat) {
    this.heartbeat = heartbeat;
    if (settled.get()) {
      heartbeat.cancel(false);
    }
  }

  void stopHeartbeat() {
    ScheduledFuture<?> running = heartbeat;
    if (running != null) {
      running.cancel(false);
    }
  }

  /** The message cannot be hidden any longer: SQS's 12-hour limit is near. */
  void markOverran() {
    overran = true;
  }

  /** Whether the job has run so long that its message cannot be hidden any longer. */
  boolean overran() {
    return overran;
  }

  boolean isSettled() {
    return settled.get();
  }

  /**
   * Deletes the message unless it was settled already; returns whether this call settled it. A
   * message that is already gone (the queue says its receipt is stale) counts as deleted.
   */
  boolean delete() {
    if (!settled.compareAndSet(false, true)) {
      return false;
    }
    stopHeartbeat();
    try {
      jobs.delete(message);
    } catch (MessageGoneException e) {
      log.info(
          "jobId={} the finished job's message is already gone (another runner received it after"
              + " this runner's hold lapsed, or it was deleted before); nothing to delete: {}",
          jobId,
          e.getMessage());
    }
    return true;
  }

  /**
   * {@link #delete()}, logging instead of throwing: a message that could not be deleted (SQS
   * unreachable) reappears when its visibility timeout ends, and painting it again changes nothing
   * the user sees.
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

  /**
   * Releases the message unless it was settled already; returns whether this call settled it. A
   * message that is no longer this runner's needs no release.
   */
  boolean release() {
    if (!settled.compareAndSet(false, true)) {
      return false;
    }
    stopHeartbeat();
    try {
      jobs.release(message);
    } catch (MessageGoneException e) {
      logNothingToHandBack(e);
    }
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
    } catch (MessageGoneException e) {
      logNothingToHandBack(e);
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

  private void logNothingToHandBack(MessageGoneException e) {
    log.info(
        "jobId={} nothing to hand back: the message is no longer this runner's: {}",
        jobId,
        e.getMessage());
  }
}
