package io.goldpan.functions.aws;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.GetQueueUrlRequest;
import software.amazon.awssdk.services.sqs.model.GetQueueUrlResponse;

class QueueUrlsTest {
  final List<String> asked = new CopyOnWriteArrayList<>();
  final SqsClient sqs =
      new SqsClient() {
        @Override
        public GetQueueUrlResponse getQueueUrl(Consumer<GetQueueUrlRequest.Builder> request) {
          String name = GetQueueUrlRequest.builder().applyMutation(request).build().queueName();
          asked.add(name);
          return GetQueueUrlResponse.builder()
              .queueUrl("https://sqs.eu-west-1.amazonaws.com/123456789012/" + name)
              .build();
        }

        @Override
        public String serviceName() {
          return "sqs";
        }

        @Override
        public void close() {}
      };

  @Test
  void queueNamesStartingWithHttp_areNames_resolvedOnce() {
    QueueUrls urls = new QueueUrls(sqs, new QueuesConfig("http-jobs", "httpevents"));

    assertThat(urls.jobs()).isEqualTo("https://sqs.eu-west-1.amazonaws.com/123456789012/http-jobs");
    assertThat(urls.jobs()).isEqualTo("https://sqs.eu-west-1.amazonaws.com/123456789012/http-jobs");
    assertThat(urls.events())
        .isEqualTo("https://sqs.eu-west-1.amazonaws.com/123456789012/httpevents");
    assertThat(asked).containsExactly("http-jobs", "httpevents");
  }

  @Test
  void httpAndHttpsUrls_areUsedAsTheyAre() {
    QueueUrls urls =
        new QueueUrls(
            sqs,
            new QueuesConfig(
                "https://sqs.eu-west-1.amazonaws.com/123456789012/goldpan-jobs",
                "http://localhost:9324/000000000000/goldpan-events"));

    assertThat(urls.jobs())
        .isEqualTo("https://sqs.eu-west-1.amazonaws.com/123456789012/goldpan-jobs");
    assertThat(urls.events()).isEqualTo("http://localhost:9324/000000000000/goldpan-events");
    assertThat(urls.url("HTTPS://sqs.example/1/dlq")).isEqualTo("HTTPS://sqs.example/1/dlq");
    assertThat(asked).isEmpty();
  }
}
