package io.goldpan.functions.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.goldpan.contract.Contract;
import io.goldpan.contract.ImageResult;
import io.goldpan.contract.RunnerEvent;
import io.goldpan.contract.StorageKeys;
import io.goldpan.contract.Timings;
import io.goldpan.functions.aws.QueueUrls;
import io.goldpan.functions.aws.QueuesConfig;
import io.goldpan.testing.Await;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * A runner's succeeded event that dead-lettered while the database was down is the only record of
 * the job's result: it is applied from the events dead-letter queue once the database answers.
 */
class EventsDeadLetterPollerTest {
  private static final String JOB = "0b9e6f7e-4a51-4c1e-9d3a-2f7f5a1c9e10";

  final FakeSqs sqs = new FakeSqs();
  final AtomicBoolean databaseUp = new AtomicBoolean(false);
  final List<RunnerEvent> applied = new CopyOnWriteArrayList<>();
  final JobEvents events =
      new JobEvents(null, null, null, null, null, null, Clock.systemUTC()) {
        @Override
        public void apply(RunnerEvent event) {
          if (!databaseUp.get()) {
            throw new IllegalStateException("database unavailable (simulated)");
          }
          applied.add(event);
        }
      };
  final ServerPollers poller =
      new ServerPollers(
          sqs,
          List.of(
              new ConsumedQueues()
                  .eventsDeadLetters(
                      new QueueUrls(
                          sqs, new QueuesConfig("http://sqs.test/jobs", "http://sqs.test/events")),
                      new EventsDeadLetterConfig("http://sqs.test/events-dlq", true),
                      new EventMessages(events))));

  @AfterEach
  void stop() {
    poller.stop();
  }

  @Test
  void deadLetteredSucceededEvent_isKeptWhileTheDatabaseIsDown_andAppliedOnceItAnswers() {
    RunnerEvent succeeded =
        RunnerEvent.succeeded(
            JOB,
            "r",
            Instant.EPOCH,
            List.of(
                new ImageResult(
                    0, 7, StorageKeys.image(JOB, 0), StorageKeys.thumbnail(JOB, 0), 64, 64)),
            new Timings(1, 2, 3, 4));
    sqs.offer(List.of(message("result", Contract.toJson(succeeded))));

    poller.start();
    Await.until("a first try", () -> !sqs.receives().isEmpty());
    assertThat(sqs.deletedReceiptHandles()).as("kept while the database is down").isEmpty();

    databaseUp.set(true);
    sqs.offer(List.of(message("result", Contract.toJson(succeeded)))); // it reappears
    Await.until("the result is applied", () -> !applied.isEmpty());

    // a redelivered copy may be applied again: harmless, status only moves forward
    assertThat(applied).isNotEmpty().allMatch(succeeded::equals);
    Await.until("its message is deleted", () -> sqs.deletedReceiptHandles().contains("rh-result"));
    assertThat(sqs.receives().get(0).queueUrl()).isEqualTo("http://sqs.test/events-dlq");
  }

  private static Message message(String id, String body) {
    return Message.builder().messageId(id).receiptHandle("rh-" + id).body(body).build();
  }
}
