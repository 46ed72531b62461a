package io.goldpan.runner;

import io.goldpan.contract.StorageKeys;
import io.goldpan.runner.storage.ImageStore;
import java.time.Clock;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Looks for a job's cancel marker ({@code cancel/{jobId}}), which the API writes on a cancel. */
final class CancelWatch {
  /** Shortest pause between two looks for the marker while an image is being painted. */
  static final Duration CHECK_INTERVAL = Duration.ofSeconds(1);

  private final ImageStore store;
  private final Clock clock;

  CancelWatch(ImageStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  /** Whether the job is cancelled: one storage request. */
  boolean isCancelled(String jobId) {
    return store.exists(StorageKeys.cancelMarker(jobId));
  }

  /**
   * What a model asks between steps: true once the job's message was settled (a stop released it),
   * or once its cancel marker exists. The marker costs a storage request, so it is looked for at
   * most once per {@link #CHECK_INTERVAL}.
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
      return isCancelled(inFlight.jobId());
    };
  }
}
