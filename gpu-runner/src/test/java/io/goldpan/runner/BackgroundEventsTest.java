package io.goldpan.runner;

import static io.goldpan.testing.Await.until;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.goldpan.contract.EventType;
import io.goldpan.contract.RunnerEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BackgroundEventsTest {
  private static final Instant AT = Instant.parse("2026-11-25T10:00:00Z");
  private static final String JOB_A = "0b9e6f7e-4a51-4c1e-9d3a-2f7f5a1c9e10";
  private static final String JOB_B = "5d1c2a3b-0000-4c1e-9d3a-2f7f5a1c9e11";

  private final List<RunnerEvent> sent = new CopyOnWriteArrayList<>();
  private volatile Consumer<RunnerEvent> beforeSend = event -> {};
  private final BackgroundEvents background =
      new BackgroundEvents(
          event -> {
            beforeSend.accept(event);
            sent.add(event);
          });

  @AfterEach
  void close() {
    background.close();
  }

  @Test
  void events_leaveInTheOrderGiven_andFlushWaitsForThem() {
    background.send(RunnerEvent.started(JOB_A, "r", AT));
    background.send(progress(JOB_A, 1));
    background.send(RunnerEvent.started(JOB_B, "r", AT));

    assertThat(background.flush(Duration.ofSeconds(10))).isTrue();

    assertThat(sent)
        .extracting(RunnerEvent::type, RunnerEvent::jobId)
        .containsExactly(
            tuple(EventType.STARTED, JOB_A),
            tuple(EventType.PROGRESS, JOB_A),
            tuple(EventType.STARTED, JOB_B));
  }

  @Test
  void aWaitingProgressEvent_isReplacedByTheSameJobsNewerOne_inPlace() throws Exception {
    CountDownLatch sending = new CountDownLatch(1);
    CountDownLatch proceed = new CountDownLatch(1);
    beforeSend =
        event -> {
          if (event.type() == EventType.STARTED && event.jobId().equals(JOB_A)) {
            sending.countDown();
            awaitQuietly(proceed);
          }
        };
    background.send(RunnerEvent.started(JOB_A, "r", AT));
    assertThat(sending.await(10, TimeUnit.SECONDS)).isTrue();
    background.send(progress(JOB_A, 1));
    background.send(progress(JOB_B, 1));
    background.send(progress(JOB_A, 2));
    background.send(progress(JOB_A, 3));
    proceed.countDown();

    assertThat(background.flush(Duration.ofSeconds(10))).isTrue();

    assertThat(sent)
        .extracting(RunnerEvent::type, RunnerEvent::jobId, RunnerEvent::step)
        .containsExactly(
            tuple(EventType.STARTED, JOB_A, null),
            tuple(EventType.PROGRESS, JOB_A, 3),
            tuple(EventType.PROGRESS, JOB_B, 1));
  }

  @Test
  void aFailedSend_isDropped_andLaterEventsStillLeave() {
    beforeSend =
        event -> {
          if (event.type() == EventType.STARTED) {
            throw new InfrastructureException(
                "cannot send to SQS queue fake: Connection refused", null);
          }
        };
    background.send(RunnerEvent.started(JOB_A, "r", AT));
    background.send(progress(JOB_A, 1));

    assertThat(background.flush(Duration.ofSeconds(10))).isTrue();

    assertThat(sent).extracting(RunnerEvent::type).containsExactly(EventType.PROGRESS);
  }

  @Test
  void flush_givesUpAfterItsLimit_whileASendHangs() throws Exception {
    CountDownLatch proceed = new CountDownLatch(1);
    beforeSend = event -> awaitQuietly(proceed);
    background.send(RunnerEvent.started(JOB_A, "r", AT));

    assertThat(background.flush(Duration.ofMillis(50))).isFalse();

    proceed.countDown();
    until("the hung send completes", () -> sent.size() == 1);
    assertThat(background.flush(Duration.ofSeconds(10))).isTrue();
  }

  @Test
  void afterClose_eventsAreIgnored() {
    background.close();
    background.send(RunnerEvent.started(JOB_A, "r", AT));

    assertThat(background.flush(Duration.ofMillis(50))).isTrue();
    assertThat(sent).isEmpty();
  }

  private static RunnerEvent progress(String jobId, int step) {
    return RunnerEvent.progress(jobId, "r", AT, step, 10);
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
