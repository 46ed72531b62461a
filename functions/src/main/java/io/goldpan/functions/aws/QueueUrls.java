package io.goldpan.functions.aws;

import jakarta.inject.Singleton;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.services.sqs.SqsClient;

/** Resolves the configured queues to URLs, asking SQS at most once per queue name. */
@Singleton
public class QueueUrls {
  private final SqsClient sqs;
  private final QueuesConfig config;
  private final Map<String, String> resolved = new ConcurrentHashMap<>();

  public QueueUrls(SqsClient sqs, QueuesConfig config) {
    this.sqs = sqs;
    this.config = config;
  }

  public String jobs() {
    return resolve(config.jobs());
  }

  public String events() {
    return resolve(config.events());
  }

  /** The URL of any queue given by name or URL, e.g. a dead-letter queue. */
  public String url(String nameOrUrl) {
    return resolve(nameOrUrl);
  }

  private String resolve(String nameOrUrl) {
    if (nameOrUrl.startsWith("http")) {
      return nameOrUrl;
    }
    return resolved.computeIfAbsent(
        nameOrUrl, name -> sqs.getQueueUrl(r -> r.queueName(name)).queueUrl());
  }
}
