package io.goldpan.runner;

import io.goldpan.contract.StorageKeys;
import io.goldpan.runner.storage.ImageStore;
import java.time.Clock;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Looks for a job's cancel marker ({@code cancel/{jobId}}), which the API writes on a cancel. */
final class CancelWatch {
  private static final Logger log = LoggerFactory.getLogger(CancelWatch.class);

  /** Shortest pause between two looks for the marker while an image is being painted. */
  static final Duration CHECK_INTERVAL = Duration.ofSeconds(1);

  private final ImageStore store;
  private final OutageRetries retries;
  private final Clock clock;

  CancelWatch(ImageStore store, OutageRetries retries, Clock clock) {
    this.store = store;
    this.retries = retries;
    this.clock = clock;
  }

  /**
   * Whether the job is cancelled: one storage request, retried while storage fails.
   *
   * @throws OutageException when storage cannot be asked for the whole retry budget
   */
  boolean isCancelled(String jobId) {
    return retries.call(OutageException.Service.STORAGE, () -> lookNow(jobId));
  }

  /**
   * Looks once for the marker of a job received ahead, while the job in hand paints, and keeps the
   * answer in {@code inFlight}; a look that fails is left to {@link #isCancelledBeforeStart}.
   */
  void lookAhead(InFlight inFlight) {
    try {
      inFlight.lookedAheadForCancel(lookNow(inFlight.jobId()));
    } catch (InfrastructureException e) {
      log.debug("jobId={} cannot look ahead for the cancel marker: {}", inFlight.jobId(), e);
    }
  }

  /**
   * Whether the job is cancelled before its first image: what the look while it waited its turn
   * found, or else {@link #isCancelled}. A cancel after that look is seen between steps, and by the
   * look after the last image at the latest.
   */
  boolean isCancelledBeforeStart(String jobId, InFlight inFlight) {
    return inFlight.cancelLookedAhead().orElseGet(() -> isCancelled(jobId));
  }

  /**
   * What a model asks between steps: true once the job's message was settled (a stop released it),
   * or once its cancel marker exists. The marker costs a storage request, so it is looked for at
   * most once per {@link #CHECK_INTERVAL}; a look that fails counts as not cancelled (painting
   * needs no storage), and the look after the image is retried.
   */
  BooleanSupplier betweenSteps(InFlight inFlight) {
    long[] lastLook = {clock.millis()};
    return () -> {
      if (inFlight.isSettled()) {
        return true;
      }
      long now = clock.millis();
      if (now - lastLook[0] < CHECK_INTERVAL.toMillis()) {
        return false;
      }
      lastLook[0] = now;
      try {
        return lookNow(inFlight.jobId());
      } catch (InfrastructureException e) {
        log.debug(
            "jobId={} cannot look for the cancel marker: {}", inFlight.jobId(), e.getMessage());
        return false;
      }
    };
  }

  private boolean lookNow(String jobId) {
    return store.exists(StorageKeys.cancelMarker(jobId));
  }
}
