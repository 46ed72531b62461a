package io.goldpan.functions.status;

import io.goldpan.functions.aws.QueueUrls;
import jakarta.inject.Singleton;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** Reads {@code ApproximateNumberOfMessages} of the jobs queue with GetQueueAttributes. */
@Singleton
public class SqsQueueDepth implements QueueDepth {
  private static final Logger LOG = LoggerFactory.getLogger(SqsQueueDepth.class);

  private final SqsClient sqs;
  private final QueueUrls queues;

  public SqsQueueDepth(SqsClient sqs, QueueUrls queues) {
    this.sqs = sqs;
    this.queues = queues;
  }

  @Override
  public OptionalLong approximateMessages() {
    try {
      String value =
          sqs.getQueueAttributes(
                  r ->
                      r.queueUrl(queues.jobs())
                          .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
              .attributes()
              .get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES);
      return value == null ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(value));
    } catch (SdkException | NumberFormatException e) {
      // A status page must still render when SQS is unreachable; it shows "unknown" instead.
      LOG.warn("jobs queue depth unavailable: cause={}", e.toString());
      return OptionalLong.empty();
    }
  }
}
