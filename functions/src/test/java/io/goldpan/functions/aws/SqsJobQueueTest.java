package io.goldpan.functions.aws;

import static org.assertj.core.api.Assertions.assertThat;

import io.goldpan.contract.Contract;
import io.goldpan.contract.JobMessage;
import io.goldpan.contract.JobParameters;
import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageResponse;

class SqsJobQueueTest {
  private static final JobMessage JOB =
      new JobMessage(
          Contract.VERSION,
          "0b9e6f7e-4a51-4c1e-9d3a-2f7f5a1c9e10",
          JobParameters.textToImage("a fox", null, 1, 7, 512, 512, 20, 7.5, "demo", null),
          Instant.EPOCH,
          Instant.EPOCH.plusSeconds(86_400));

  final List<SendMessageRequest> sent = new ArrayList<>();

  @Test
  void withMessageGroups_theOwnerIsTheMessageGroup() {
    queue(true).send(JOB, "alice");

    assertThat(sent)
        .singleElement()
        .satisfies(r -> assertThat(r.messageGroupId()).isEqualTo("alice"));
    assertThat(sent.get(0).queueUrl()).isEqualTo("http://sqs.test/jobs");
  }

  @Test
  void withoutMessageGroups_noGroupIsSent_forEmulatorsThatDoNotKnowIt() {
    queue(false).send(JOB, "alice");

    assertThat(sent).singleElement().satisfies(r -> assertThat(r.messageGroupId()).isNull());
  }

  @SuppressWarnings("unchecked")
  private SqsJobQueue queue(boolean groups) {
    SqsClient sqs =
        (SqsClient)
            Proxy.newProxyInstance(
                SqsClient.class.getClassLoader(),
                new Class<?>[] {SqsClient.class},
                (proxy, method, args) -> {
                  if (method.getName().equals("sendMessage") && args[0] instanceof Consumer<?> c) {
                    SendMessageRequest.Builder b = SendMessageRequest.builder();
                    ((Consumer<SendMessageRequest.Builder>) c).accept(b);
                    sent.add(b.build());
                    return SendMessageResponse.builder().messageId("m").build();
                  }
                  throw new UnsupportedOperationException(method.getName());
                });
    return new SqsJobQueue(
        sqs,
        new QueueUrls(sqs, new QueuesConfig("http://sqs.test/jobs", "http://sqs.test/events")),
        new JobQueueConfig(groups));
  }
}
