package io.goldpan.functions.push;

import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Records that a job reached a terminal state, for the {@link PushSender} to notify its owner's
 * devices about: nothing is sent on the caller's thread, and nothing is recorded for an owner with
 * no device. Called in the events consumer's transaction, which made the job terminal exactly once.
 */
@Singleton
public class PushOutbox {
  private final PushSubscriptionRepository subscriptions;
  private final PushFinishedRepository finished;
  private final Clock clock;

  public PushOutbox(
      PushSubscriptionRepository subscriptions, PushFinishedRepository finished, Clock clock) {
    this.subscriptions = subscriptions;
    this.finished = finished;
    this.clock = clock;
  }

  /** The job of {@code owner} is now SUCCEEDED, FAILED or CANCELLED. */
  public void finished(String jobId, String owner) {
    if (!subscriptions.existsByOwner(owner) || finished.existsById(jobId)) {
      return;
    }
    finished.save(
        new PushFinished(jobId, owner, Instant.now(clock).truncatedTo(ChronoUnit.MILLIS), null));
  }
}
