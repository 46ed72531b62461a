package io.goldpan.local.aws;

import java.util.Map;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Creates the bucket and the queues (each with a dead-letter queue and a redrive policy) if they
 * are missing: what {@code infra/} declares for AWS and the LocalStack init hook does in Docker.
 *
 * @param bucket images bucket
 * @param jobsQueue queue the runners poll
 * @param eventsQueue queue the runners report on
 * @param maxReceiveCount deliveries before a message moves to its dead-letter queue
 * @param jobsVisibilitySeconds default visibility timeout of the jobs queue
 */
public record GoldpanResources(
    String bucket,
    String jobsQueue,
    String eventsQueue,
    int maxReceiveCount,
    int jobsVisibilitySeconds) {

  public static GoldpanResources defaults() {
    return new GoldpanResources("goldpan", "goldpan-jobs", "goldpan-events", 3, 60);
  }

  /** Dead-letter queue name of {@code queue}. */
  public static String deadLetterQueue(String queue) {
    return queue + "-dlq";
  }

  /** Creates whatever is missing; leaves what exists alone. */
  public void ensure(SqsClient sqs, S3Client s3) {
    ensureBucket(s3);
    ensureQueueWithDlq(sqs, jobsQueue, jobsVisibilitySeconds);
    ensureQueueWithDlq(sqs, eventsQueue, 30);
  }

  private void ensureBucket(S3Client s3) {
    try {
      s3.headBucket(b -> b.bucket(bucket));
    } catch (NoSuchBucketException e) {
      try {
        s3.createBucket(b -> b.bucket(bucket));
      } catch (BucketAlreadyOwnedByYouException raced) {
        // another process created it between the two calls
      }
    }
  }

  private void ensureQueueWithDlq(SqsClient sqs, String queue, int visibilitySeconds) {
    String dlqUrl =
        sqs.createQueue(
                b ->
                    b.queueName(deadLetterQueue(queue))
                        .attributes(Map.of(QueueAttributeName.MESSAGE_RETENTION_PERIOD, "1209600")))
            .queueUrl();
    String dlqArn =
        sqs.getQueueAttributes(b -> b.queueUrl(dlqUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
            .attributes()
            .get(QueueAttributeName.QUEUE_ARN);
    String redrive =
        "{\"deadLetterTargetArn\":\""
            + dlqArn
            + "\",\"maxReceiveCount\":\""
            + maxReceiveCount
            + "\"}";
    sqs.createQueue(
        b ->
            b.queueName(queue)
                .attributes(
                    Map.of(
                        QueueAttributeName.VISIBILITY_TIMEOUT,
                        Integer.toString(visibilitySeconds),
                        QueueAttributeName.REDRIVE_POLICY,
                        redrive)));
  }
}
