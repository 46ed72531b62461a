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

  public SqsJobQueue(SqsClient sqs, QueueUrls queues) {
    this.sqs = sqs;
    this.queues = queues;
  }

  @Override
  public void send(JobMessage job) {
    try {
      sqs.sendMessage(r -> r.queueUrl(queues.jobs()).messageBody(Contract.toJson(job)));
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
