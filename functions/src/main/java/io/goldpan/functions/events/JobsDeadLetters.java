package io.goldpan.functions.events;

import io.goldpan.contract.Contract;
import io.goldpan.contract.ContractException;
import io.goldpan.contract.JobMessage;
import io.goldpan.functions.jobs.JobRepository;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Handles one message of the jobs dead-letter queue, for both the poller and the Lambda handler:
 * the job it names is marked FAILED with a reason a person can act on, so no job waits forever.
 */
@Singleton
public class JobsDeadLetters {
  private static final Logger LOG = LoggerFactory.getLogger(JobsDeadLetters.class);

  private final JobRepository jobs;
  private final JobsDeadLetterConfig config;
  private final Clock clock;

  public JobsDeadLetters(JobRepository jobs, JobsDeadLetterConfig config, Clock clock) {
    this.jobs = jobs;
    this.config = config;
    this.clock = clock;
  }

  /** The reason a dead-lettered job shows. */
  public static String reason(int attempts, String jobId) {
    return "the runner could not finish this job after "
        + attempts
        + " attempts; see the runner's log for jobId="
        + jobId;
  }

  /**
   * Marks the message's job FAILED (a job already finished stays as it is).
   *
   * @return {@code APPLIED} or {@code UNREADABLE} (delete the message), {@code RETRY} when the
   *     database could not be updated
   */
  public EventMessages.Outcome handle(String messageId, String body) {
    JobMessage job;
    try {
      job = Contract.parseJob(body);
    } catch (ContractException e) {
      LOG.warn(
          "unreadable dead-lettered job message dropped: messageId={} reason={}",
          messageId,
          e.getMessage());
      return EventMessages.Outcome.UNREADABLE;
    }
    try {
      Instant now = Instant.now(clock).truncatedTo(ChronoUnit.MILLIS);
      int changed =
          jobs.markFailed(job.jobId(), reason(config.maxReceiveCount(), job.jobId()), now, now);
      if (changed > 0) {
        LOG.warn("jobId={} failed: its message reached the dead-letter queue", job.jobId());
      } else {
        LOG.info(
            "jobId={} dead-lettered message ignored: the job is already finished or unknown",
            job.jobId());
      }
      return EventMessages.Outcome.APPLIED;
    } catch (RuntimeException e) {
      LOG.warn(
          "dead-lettered jobId={} not marked failed, left for redelivery: messageId={}",
          job.jobId(),
          messageId,
          e);
      return EventMessages.Outcome.RETRY;
    }
  }
}
