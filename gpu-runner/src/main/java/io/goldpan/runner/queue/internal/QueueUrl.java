package io.goldpan.runner.queue.internal;

import io.goldpan.runner.InfrastructureException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * A queue given as a URL or as a name. A name is resolved with GetQueueUrl on first use (and again
 * after a failure), so a runner started before its queue endpoint is up waits instead of dying.
 */
final class QueueUrl {
  private final SqsClient sqs;
  private final String queue;
  private volatile String url;

  QueueUrl(SqsClient sqs, String queue) {
    this.sqs = sqs;
    this.queue = queue;
    this.url = queue.startsWith("http://") || queue.startsWith("https://") ? queue : null;
  }

  String get() {
    String resolved = url;
    if (resolved == null) {
      try {
        resolved = sqs.getQueueUrl(r -> r.queueName(queue)).queueUrl();
      } catch (SdkException e) {
        throw new InfrastructureException(
            "cannot resolve SQS queue '" + queue + "': " + e.getMessage(), e);
      }
      url = resolved;
    }
    return resolved;
  }

  @Override
  public String toString() {
    return url != null ? url : queue;
  }
}
