package io.goldpan.runner;

import static io.goldpan.testing.Await.until;
import static org.assertj.core.api.Assertions.assertThat;

import io.goldpan.runner.config.RunnerConfig;
import io.goldpan.runner.queue.JobSource;
import io.goldpan.runner.queue.QueueMessage;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A stop while a long poll is open: the message the queue hands that poll must not be lost. */
class RunnerStopTest {
  private final Fakes.Journal journal = new Fakes.Journal();
  private final Fakes.Events events = new Fakes.Events(journal);
  private final Fakes.FlatModel model = new Fakes.FlatModel();
  private final HeldPoll queue = new HeldPoll();
  private Runner runner;

  @AfterEach
  void stopRunner() {
    queue.answer.countDown();
    if (runner != null) {
      runner.close();
    }
  }

  private void start(String pollWait) {
    runner =
        Runner.builder(
                RunnerConfig.from(
                    Map.of(
                        RunnerConfig.RUNNER_ID, "test-runner",
                        RunnerConfig.POLL_WAIT, pollWait,
                        RunnerConfig.RUNNER_HEARTBEAT, "3600")))
            .jobSource(queue)
            .eventSink(events)
            .imageStore(new Fakes.Bucket())
            .models(List.of(model))
            .executionProvider("CPU")
            .build();
    runner.start();
  }

  @Test
  void stopDuringALongPoll_waitsForIt_andReleasesWhatItReturns_beforeReturning() throws Exception {
    start("20");
    assertThat(queue.polling.await(10, TimeUnit.SECONDS)).isTrue();

    CompletableFuture<List<String>> releasedWhenStopped =
        CompletableFuture.supplyAsync(
            () -> {
              runner.stop();
              return List.copyOf(queue.released);
            });
    until("the runner is stopping", () -> runner.state() != RunnerState.RUNNING);
    queue.answer.countDown(); // the queue hands the open poll a job

    assertThat(releasedWhenStopped.get(30, TimeUnit.SECONDS)).containsExactly(HeldPoll.LATE);
    assertThat(model.painted).hasValue(0);
    assertThat(events.jobEvents()).isEmpty();
  }

  @Test
  void stopDuringAPollThatOutlastsItsWait_givesUpAfterAMargin_andReleasesTheMessageWhenItComes()
      throws Exception {
    start("1");
    assertThat(queue.polling.await(10, TimeUnit.SECONDS)).isTrue();

    long began = System.nanoTime();
    runner.stop();
    Duration took = Duration.ofNanos(System.nanoTime() - began);

    assertThat(took).as("waits for the poll").isGreaterThanOrEqualTo(Duration.ofSeconds(1));
    assertThat(took).as("but not forever").isLessThan(Duration.ofSeconds(10));
    queue.answer.countDown();
    until("the late message is released", () -> queue.released.contains(HeldPoll.LATE));
    assertThat(model.painted).hasValue(0);
  }

  /**
   * A jobs queue whose first long poll blocks, deaf to interrupts like a socket read, until the
   * test lets the queue answer it with a job.
   */
  private static final class HeldPoll implements JobSource {
    static final String LATE = "m-late";

    final CountDownLatch polling = new CountDownLatch(1);
    final CountDownLatch answer = new CountDownLatch(1);
    final List<String> released = new CopyOnWriteArrayList<>();
    private final AtomicInteger receives = new AtomicInteger();

    @Override
    public Optional<QueueMessage> receive(Duration wait, Duration visibility) {
      if (receives.incrementAndGet() > 1) {
        return Optional.empty();
      }
      polling.countDown();
      boolean interrupted = false;
      while (true) {
        try {
          answer.await();
          break;
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
      return Optional.of(new QueueMessage(LATE, "receipt-late", "{}", 1));
    }

    @Override
    public void extend(QueueMessage message, Duration visibility) {}

    @Override
    public void release(QueueMessage message) {
      released.add(message.messageId());
    }

    @Override
    public void delete(QueueMessage message) {
      throw new AssertionError("nothing is finished, so nothing is deleted");
    }
  }
}
