package io.goldpan.functions.jobs;

import io.goldpan.contract.Contract;
import io.goldpan.contract.JobMessage;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts a stored job on the jobs queue and records that SQS took it. A failed send leaves {@code
 * enqueued_at} empty for the sweeper to retry, so no job is stranded by a queue hiccup.
 */
@Singleton
public class JobSender {
  private static final Logger LOG = LoggerFactory.getLogger(JobSender.class);

  private final JobQueue queue;
  private final JobRepository jobs;
  private final Clock clock;

  public JobSender(JobQueue queue, JobRepository jobs, Clock clock) {
    this.queue = queue;
    this.jobs = jobs;
    this.clock = clock;
  }

  /** Sends the job; {@code false} (after a WARN) when the queue refused it. */
  public boolean send(Job job) {
    try {
      queue.send(message(job), job.owner());
    } catch (RuntimeException e) {
      LOG.warn(
          "job not sent to the jobs queue, the sweeper will re-send it: jobId={} cause={}",
          job.id(),
          e.toString());
      return false;
    }
    jobs.markEnqueued(job.id(), Instant.now(clock).truncatedTo(ChronoUnit.MILLIS));
    return true;
  }

  static JobMessage message(Job job) {
    return new JobMessage(
        Contract.VERSION, job.id(), job.parameters(), job.createdAt(), job.deadlineAt());
  }
}
