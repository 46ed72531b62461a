package io.goldpan.runner;

import io.goldpan.runner.queue.JobSource;
import io.goldpan.runner.queue.QueueMessage;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The message of the job being painted. It is settled exactly once, deleted or released, by the
 * worker or by a stop that ran out of patience; its visibility heartbeat ends when it is settled.
 */
final class InFlight {
  private static final Logger log = LoggerFactory.getLogger(InFlight.class);

  private final QueueMessage message;
  private final String jobId;
  private final JobSource jobs;
  private final AtomicBoolean settled = new AtomicBoolean();
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

  /** Extends the message's visibility every {@code interval} until it is settled. */
  void startHeartbeat(ScheduledExecutorService scheduler, Duration interval, Duration visibility) {
    heartbeat =
        scheduler.scheduleAtFixedRate(
            () -> {
              try {
                jobs.extend(message, visibility);
              } catch (RuntimeException e) {
                log.warn("jobId={} cannot extend the job message's visibility: {}", jobId, e.getMessage());
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

  /** Releases the message unless it was settled already; returns whether this call settled it. */
  boolean release() {
    if (!settled.compareAndSet(false, true)) {
      return false;
    }
    stopHeartbeat();
    jobs.release(message);
    return true;
  }

  /** {@link #release()}, logging instead of throwing: the message reappears on its own anyway. */
  void releaseQuietly() {
    try {
      release();
    } catch (RuntimeException e) {
      log.warn(
          "jobId={} cannot release the job message; it reappears when its visibility timeout ends: {}",
          jobId, e.getMessage());
    }
  }
}
