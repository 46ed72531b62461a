package io.goldpan.functions.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.goldpan.contract.Contract;
import io.goldpan.contract.RunnerEvent;
import io.goldpan.functions.aws.QueueUrls;
import io.goldpan.functions.aws.QueuesConfig;
import io.goldpan.testing.Await;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;

class EventsPollerTest {
  private static final String GOOD_JOB = "0b9e6f7e-4a51-4c1e-9d3a-2f7f5a1c9e10";
  private static final String POISON_JOB = "9f0c4d1e-0000-4000-8000-00000000dead";

  final FakeSqs sqs = new FakeSqs();
  final List<RunnerEvent> applied = new CopyOnWriteArrayList<>();
  final JobEvents events =
      new JobEvents(null, null, null, null, null, null, Clock.systemUTC()) {
        @Override
        public void apply(RunnerEvent event) {
          if (POISON_JOB.equals(event.jobId())) {
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
                  .events(
                      new QueueUrls(
                          sqs, new QueuesConfig("http://sqs.test/jobs", "http://sqs.test/events")),
                      new EventMessages(events))));

  @AfterEach
  void stop() {
    poller.stop();
  }

  @Test
  void poller_deletesAppliedAndUnreadableMessages_andLeavesFailedOnesForRedelivery() {
    RunnerEvent started = RunnerEvent.started(GOOD_JOB, "r", Instant.EPOCH);
    sqs.offer(
        List.of(
            message("good", Contract.toJson(started)),
            message("unreadable", "{not json"),
            message(
                "retry", Contract.toJson(RunnerEvent.started(POISON_JOB, "r", Instant.EPOCH)))));

    poller.start();

    Await.until(
        "two deletes", Duration.ofSeconds(10), () -> sqs.deletedReceiptHandles().size() >= 2);
    assertThat(sqs.deletedReceiptHandles()).containsExactlyInAnyOrder("rh-good", "rh-unreadable");
    assertThat(applied).containsExactly(started);
    assertThat(sqs.receives().get(0).waitTimeSeconds()).isEqualTo(20);
    assertThat(sqs.receives().get(0).maxNumberOfMessages()).isEqualTo(10);
    assertThat(sqs.receives().get(0).queueUrl()).isEqualTo("http://sqs.test/events");
  }

  @Test
  void poller_keepsPollingAfterReceiveErrors() {
    sqs.failNextReceives(1);
    sqs.offer(
        List.of(
            message(
                "after-error",
                Contract.toJson(RunnerEvent.started(GOOD_JOB, "r", Instant.EPOCH)))));

    poller.start();

    Await.until(
        "a delete after the error",
        Duration.ofSeconds(10),
        () -> !sqs.deletedReceiptHandles().isEmpty());
    assertThat(sqs.deletedReceiptHandles()).containsExactly("rh-after-error");
  }

  @Test
  void stop_endsTheThreadPromptly_andIsIdempotent() {
    poller.start();
    poller.start();
    Await.until("first receive", Duration.ofSeconds(5), () -> !sqs.receives().isEmpty());

    poller.stop();
    poller.stop();

    assertThat(poller.isRunning()).isFalse();
    int receivesAfterStop = sqs.receives().size();
    assertThat(Thread.getAllStackTraces().keySet())
        .noneMatch(t -> t.getName().equals("goldpan-events-poller") && t.isAlive());
    assertThat(sqs.receives()).hasSize(receivesAfterStop);
  }

  private static Message message(String id, String body) {
    return Message.builder().messageId(id).receiptHandle("rh-" + id).body(body).build();
  }
}
