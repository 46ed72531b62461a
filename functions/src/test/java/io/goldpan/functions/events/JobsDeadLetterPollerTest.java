package io.goldpan.functions.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.goldpan.contract.Contract;
import io.goldpan.functions.aws.QueueUrls;
import io.goldpan.functions.aws.QueuesConfig;
import io.goldpan.testing.Await;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;

class JobsDeadLetterPollerTest {
  private static final String JOB = "0b9e6f7e-4a51-4c1e-9d3a-2f7f5a1c9e10";
  private static final String DB_DOWN_JOB = "9f0c4d1e-0000-4000-8000-00000000dead";

  final FakeSqs sqs = new FakeSqs();
  final JobsDeadLetters deadLetters =
      new JobsDeadLetters(
          null, new JobsDeadLetterConfig("http://sqs.test/jobs-dlq", 3, true), Clock.systemUTC()) {
        @Override
        public EventMessages.Outcome handle(String messageId, String body) {
          if (body.contains(DB_DOWN_JOB)) {
            return EventMessages.Outcome.RETRY;
          }
          return super.handle(messageId, body);
        }
      };
  final ServerPollers poller =
      new ServerPollers(
          sqs,
          List.of(
              new ConsumedQueues()
                  .jobsDeadLetters(
                      new QueueUrls(
                          sqs, new QueuesConfig("http://sqs.test/jobs", "http://sqs.test/events")),
                      new JobsDeadLetterConfig("http://sqs.test/jobs-dlq", 3, true),
                      deadLetters)));

  @AfterEach
  void stop() {
    poller.stop();
  }

  @Test
  void poller_deletesUnreadableMessages_andLeavesOnesItCouldNotApply() {
    sqs.offer(
        List.of(
            message("unreadable", "{not json"),
            message(
                "db-down", Contract.toJson(JobsDeadLetterLambdaHandlerTest.message(DB_DOWN_JOB)))));

    poller.start();

    Await.until("a delete", Duration.ofSeconds(10), () -> !sqs.deletedReceiptHandles().isEmpty());
    assertThat(sqs.deletedReceiptHandles()).containsExactly("rh-unreadable");
    assertThat(sqs.receives().get(0).queueUrl()).isEqualTo("http://sqs.test/jobs-dlq");
    assertThat(Thread.getAllStackTraces().keySet())
        .anyMatch(t -> t.getName().equals("goldpan-jobs-dlq-poller"));
  }

  private static Message message(String id, String body) {
    return Message.builder().messageId(id).receiptHandle("rh-" + id).body(body).build();
  }
}
