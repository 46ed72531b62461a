package io.goldpan.functions.aws;

import io.goldpan.contract.Contract;
import io.goldpan.contract.JobMessage;
import io.goldpan.functions.jobs.JobQueue;
import jakarta.inject.Singleton;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;

/** Sends job messages to the SQS jobs queue. */
@Singleton
public class SqsJobQueue implements JobQueue {
  private final SqsClient sqs;
  private final QueueUrls queues;
  private final JobQueueConfig config;

  public SqsJobQueue(SqsClient sqs, QueueUrls queues, JobQueueConfig config) {
    this.sqs = sqs;
    this.queues = queues;
    this.config = config;
  }

  @Override
  public void send(JobMessage job, String owner) {
    try {
      sqs.sendMessage(
          r -> {
            r.queueUrl(queues.jobs()).messageBody(Contract.toJson(job));
            if (config.messageGroups()) {
              r.messageGroupId(owner);
            }
          });
    } catch (SdkException e) {
      throw new AwsCallException(
          "SQS SendMessage to the jobs queue failed for jobId="
              + job.jobId()
              + ": "
              + e.getMessage(),
          e);
    }
  }
}
