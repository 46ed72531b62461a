package io.goldpan.runner;

import static io.goldpan.testing.Await.until;
import static org.assertj.core.api.Assertions.assertThat;

import io.goldpan.contract.Contract;
import io.goldpan.contract.JobMessage;
import io.goldpan.contract.JobParameters;
import io.goldpan.runner.config.RunnerConfig;
import io.goldpan.runner.queue.JobSource;
import io.goldpan.runner.queue.QueueMessage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The runner's repeating timers after a stall (a laptop that slept, a SIGSTOP): each resumes one
 * interval after its stalled run ended, rather than firing the runs it missed in a burst.
 */
class TimersTest {
  private static final Instant NOW = Instant.parse("2026-11-25T10:00:05Z");
  private static final String JOB_ID = "0b9e6f7e-4a51-4c1e-9d3a-2f7f5a1c9e10";
  private static final Duration INTERVAL = Duration.ofMillis(20);

  /** How long the first run takes: ten intervals, so ten runs would be due at once after it. */
  private static final Duration STALL = INTERVAL.multipliedBy(10);

  private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
  private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
  private final Timers timers =
      new Timers(
          scheduler,
          RunnerConfig.from(
              Map.of(
                  RunnerConfig.RUNNER_HEARTBEAT, "0.02",
                  RunnerConfig.VISIBILITY_TIMEOUT, "30",
                  RunnerConfig.HEARTBEAT_INTERVAL, "0.02",
                  RunnerConfig.PROGRESS_INTERVAL, "0.02")),
          clock);
  private final Runs runs = new Runs();

  @AfterEach
  void stopScheduler() {
    scheduler.shutdownNow();
  }

  @Test
  void runnerHeartbeat_afterAStall_waitsAnIntervalInsteadOfCatchingUp() {
    timers.runnerHeartbeat(runs::run);

    runs.assertEveryGapIsAnInterval();
  }

  @Test
  void visibilityHeartbeat_afterAStall_waitsAnIntervalInsteadOfCatchingUp() {
    InFlight inFlight =
        new InFlight(new QueueMessage("m-1", "receipt-1", "{}", 1), new ExtendingQueue(), NOW);
    inFlight.identify(JOB_ID);

    timers.keepHidden(inFlight);

    runs.assertEveryGapIsAnInterval();
  }

  @Test
  void progressKeepAlive_afterAStall_waitsAnIntervalInsteadOfCatchingUp() {
    JobMessage job =
        new JobMessage(
            Contract.VERSION,
            JOB_ID,
            JobParameters.textToImage("a gnome", null, 1, 42, 256, 256, 20, 7.5, "demo", null),
            NOW,
            null);
    JobProgress progress = new JobProgress(job, "test-runner", event -> runs.run(), clock);

    timers.keepReporting(JOB_ID, progress);

    runs.assertEveryGapIsAnInterval();
  }

  /** When each run of a timer's task began and ended; the first one stalls. */
  private static final class Runs {
    private final List<long[]> spans = new CopyOnWriteArrayList<>();

    void run() {
      long start = System.nanoTime();
      if (spans.isEmpty()) {
        LockSupport.parkNanos(STALL.toNanos()); // the runner's own thread is held up
      }
      spans.add(new long[] {start, System.nanoTime()});
    }

    void assertEveryGapIsAnInterval() {
      until("five runs", () -> spans.size() >= 5);
      for (int i = 1; i < 5; i++) {
        Duration gap = Duration.ofNanos(spans.get(i)[0] - spans.get(i - 1)[1]);
        assertThat(gap)
            .as("pause before run %d", i + 1)
            .isGreaterThanOrEqualTo(INTERVAL.minusMillis(1));
      }
    }
  }

  private final class ExtendingQueue implements JobSource {
    @Override
    public Optional<QueueMessage> receive(Duration wait, Duration visibility) {
      return Optional.empty();
    }

    @Override
    public void extend(QueueMessage message, Duration visibility) {
      runs.run();
    }

    @Override
    public void release(QueueMessage message) {}

    @Override
    public void delete(QueueMessage message) {}
  }
}
