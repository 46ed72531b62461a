package io.goldpan.runner;

import io.goldpan.runner.internal.Backoff;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rides out an S3 or SQS outage inside the runner: retries a call that failed with an {@link
 * InfrastructureException}, pausing with a doubling backoff, until it succeeds or a retry budget is
 * spent. Meanwhile the job keeps its message (its visibility heartbeat goes on), so a passing
 * outage costs a wait, not one of the job's deliveries. A bad job never gets here: only the
 * infrastructure's failures are retried.
 */
final class OutageRetries {
  private static final Logger log = LoggerFactory.getLogger(OutageRetries.class);

  private final Duration budget;
  private final Duration pauseMin;
  private final Duration pauseMax;
  private final StopSignal stop;
  private final Clock clock;

  /**
   * @param budget how long one call is retried, counted on {@code clock} from its first failure
   */
  OutageRetries(
      Duration budget, Duration pauseMin, Duration pauseMax, StopSignal stop, Clock clock) {
    this.budget = budget;
    this.pauseMin = pauseMin;
    this.pauseMax = pauseMax;
    this.stop = stop;
    this.clock = clock;
  }

  /**
   * Runs {@code call} until it succeeds.
   *
   * @throws OutageException naming {@code service} once the budget is spent
   * @throws InfrastructureException as the call last threw it, when the runner stops meanwhile
   */
  <T> T call(OutageException.Service service, Supplier<T> call) {
    Backoff backoff = new Backoff(pauseMin, pauseMax);
    Instant firstFailure = null;
    while (true) {
      try {
        return call.get();
      } catch (InfrastructureException e) {
        Instant now = clock.instant();
        firstFailure = firstFailure == null ? now : firstFailure;
        Duration failing = Duration.between(firstFailure, now);
        if (failing.compareTo(budget) >= 0) {
          throw new OutageException(service, Durations.describe(budget), e);
        }
        Duration pause = backoff.next();
        log.warn(
            "{} unavailable (failure {} in a row), retrying in {}, for at most {} more: {}",
            service,
            backoff.failures(),
            Durations.describe(pause),
            Durations.describe(budget.minus(failing).truncatedTo(ChronoUnit.SECONDS)),
            e.getMessage());
        if (stop.awaitStop(pause)) {
          throw e;
        }
      }
    }
  }

  /** {@link #call} for a call that returns nothing. */
  void run(OutageException.Service service, Runnable call) {
    call(
        service,
        () -> {
          call.run();
          return null;
        });
  }
}
