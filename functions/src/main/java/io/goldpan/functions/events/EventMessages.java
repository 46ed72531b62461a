package io.goldpan.functions.events;

import io.goldpan.contract.Contract;
import io.goldpan.contract.ContractException;
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

  public EventMessages(JobEvents events) {
    this.events = events;
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
      events.apply(Contract.parseEvent(body));
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
