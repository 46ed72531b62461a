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
    if (isUrl(nameOrUrl)) {
      return nameOrUrl;
    }
    return resolved.computeIfAbsent(
        nameOrUrl, name -> sqs.getQueueUrl(r -> r.queueName(name)).queueUrl());
  }

  /**
   * Only an {@code http://} or {@code https://} URL; a queue may well be named {@code http-jobs}.
   */
  private static boolean isUrl(String nameOrUrl) {
    return nameOrUrl.regionMatches(true, 0, "http://", 0, 7)
        || nameOrUrl.regionMatches(true, 0, "https://", 0, 8);
  }
}
