package io.goldpan.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class QueuesTest {
  private final Synth.Synthesized stack = Synth.existingDb();

  @Test
  void jobsAndEventsQueues_redriveToTheirOwnDlqAfterThreeReceives() {
    Map<String, Map<String, Object>> queues = stack.ofType("AWS::SQS::Queue");
    String jobs = stack.logicalId("AWS::SQS::Queue", "QueuesJobs");
    String events = stack.logicalId("AWS::SQS::Queue", "QueuesEvents");

    assertThat(queues.get(jobs).get("RedrivePolicy"))
        .isEqualTo(
            Map.of(
                "deadLetterTargetArn",
                Json.getAtt(stack.logicalId("AWS::SQS::Queue", "QueuesJobsDlq"), "Arn"),
                "maxReceiveCount",
                3));
    assertThat(queues.get(events).get("RedrivePolicy"))
        .isEqualTo(
            Map.of(
                "deadLetterTargetArn",
                Json.getAtt(stack.logicalId("AWS::SQS::Queue", "QueuesEventsDlq"), "Arn"),
                "maxReceiveCount",
                3));
  }

  @Test
  void deadLetterQueues_keepMessagesFourteenDays() {
    for (String dlq : new String[] {"QueuesJobsDlq", "QueuesEventsDlq"}) {
      Map<String, Object> queue =
          stack.ofType("AWS::SQS::Queue").get(stack.logicalId("AWS::SQS::Queue", dlq));
      assertThat(queue.get("MessageRetentionPeriod")).as(dlq).isEqualTo(14 * 24 * 3600);
    }
  }

  @Test
  void everyQueue_usesSqsManagedEncryption() {
    assertThat(stack.ofType("AWS::SQS::Queue").values())
        .hasSize(4)
        .allSatisfy(q -> assertThat(q.get("SqsManagedSseEnabled")).isEqualTo(true));
  }

  @Test
  void eventsQueue_hidesAMessageAtLeastSixTimesTheEventsLambdaTimeout() {
    assertVisibilityCoversSixConsumerTimeouts("QueuesEvents", EventsConsumer.HANDLER);
  }

  @Test
  void eventsDlq_hidesAMessageAtLeastSixTimesTheEventsLambdaTimeout() {
    Map<String, Object> dlq =
        stack.ofType("AWS::SQS::Queue").get(stack.logicalId("AWS::SQS::Queue", "QueuesEventsDlq"));
    Number timeout = (Number) stack.function(EventsConsumer.HANDLER).get("Timeout");

    assertThat(((Number) dlq.get("VisibilityTimeout")).intValue())
        .isGreaterThanOrEqualTo(6 * timeout.intValue());
  }

  @Test
  void jobsDlq_hidesAMessageAtLeastSixTimesTheDeadLetterLambdaTimeout() {
    assertVisibilityCoversSixConsumerTimeouts("QueuesJobsDlq", JobsDeadLetterConsumer.HANDLER);
  }

  private void assertVisibilityCoversSixConsumerTimeouts(String queuePrefix, String handler) {
    String source =
        stack.ofType("AWS::Lambda::EventSourceMapping").values().stream()
            .map(
                m -> (String) Json.list(Json.map(m.get("EventSourceArn")).get("Fn::GetAtt")).get(0))
            .filter(
                id ->
                    id.startsWith(queuePrefix)
                        && !id.substring(queuePrefix.length()).startsWith("Dlq"))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no event source reads " + queuePrefix));
    Number visibility =
        (Number) stack.ofType("AWS::SQS::Queue").get(source).get("VisibilityTimeout");
    Number timeout = (Number) stack.function(handler).get("Timeout");

    assertThat(visibility.intValue()).isGreaterThanOrEqualTo(6 * timeout.intValue());
  }

  @Test
  void jobsQueue_hidesAMessageAtLeastAsLongAsTheRunnersDefaultVisibility() {
    Map<String, Object> jobs =
        stack.ofType("AWS::SQS::Queue").get(stack.logicalId("AWS::SQS::Queue", "QueuesJobs"));

    assertThat(((Number) jobs.get("VisibilityTimeout")).intValue())
        .isGreaterThanOrEqualTo(RunnerEnv.VISIBILITY_SECONDS);
    assertThat(jobs.get("ReceiveMessageWaitTimeSeconds")).isEqualTo(20);
  }
}
