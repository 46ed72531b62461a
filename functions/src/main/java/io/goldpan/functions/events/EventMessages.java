package io.goldpan.functions.events;

import io.goldpan.contract.Contract;
import io.goldpan.contract.ContractException;
import io.goldpan.contract.RunnerEvent;
import io.goldpan.functions.jobs.FairShare;
import io.goldpan.functions.jobs.JobRepository;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Handles one events-queue message for both the poller and the Lambda handler, and says whether it
 * is done with (delete it) or should come back (leave it for redelivery).
 */
@Singleton
public class EventMessages {
  private static final Logger LOG = LoggerFactory.getLogger(EventMessages.class);

  private final JobEvents events;
  private final JobRepository jobs;
  private final FairShare fairShare;

  /** Applies events and nothing more (tests of the delivery paths). */
  public EventMessages(JobEvents events) {
    this(events, null, null);
  }

  /** Applies events, and sends the owner's next waiting job when one finishes. */
  @Inject
  public EventMessages(
      JobEvents events, @Nullable JobRepository jobs, @Nullable FairShare fairShare) {
    this.events = events;
    this.jobs = jobs;
    this.fairShare = fairShare;
  }

  /**
   * A finished job frees its owner's place in the queue: the next waiting job goes now rather than
   * at the sweeper's next pass. A failure here changes nothing applied; the sweeper catches up.
   */
  private void releaseNext(RunnerEvent event) {
    if (fairShare == null || !event.type().isTerminal()) {
      return;
    }
    try {
      jobs.findById(event.jobId()).ifPresent(job -> fairShare.release(job.owner()));
    } catch (RuntimeException e) {
      LOG.warn("jobId={} next waiting job not released yet: {}", event.jobId(), e.toString());
    }
  }

  /** What to do with a message after {@link #handle}. */
  public enum Outcome {
    /** Applied (or harmlessly ignored): delete it. */
    APPLIED,
    /**
     * Can never be applied (not a v1 event, or outside its job's bounds): delete it, it would only
     * come back forever.
     */
    UNREADABLE,
    /** Applying failed for a reason that may pass (e.g. the database is down): redeliver it. */
    RETRY;

    public boolean done() {
      return this != RETRY;
    }
  }

  public Outcome handle(String messageId, String body) {
    try {
      RunnerEvent event = Contract.parseEvent(body);
      events.apply(event);
      releaseNext(event);
      return Outcome.APPLIED;
    } catch (InvalidEventException e) {
      LOG.warn(
          "malformed event dropped: messageId={} jobId={} problem={}",
          messageId,
          e.jobId() == null ? "-" : e.jobId(),
          e.problem());
      return Outcome.UNREADABLE;
    } catch (ContractException e) {
      LOG.warn("unreadable event dropped: messageId={} reason={}", messageId, e.getMessage());
      return Outcome.UNREADABLE;
    } catch (RuntimeException e) {
      LOG.warn("event not applied, left for redelivery: messageId={}", messageId, e);
      return Outcome.RETRY;
    }
  }
}
