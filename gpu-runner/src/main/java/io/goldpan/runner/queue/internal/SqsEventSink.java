package io.goldpan.runner.queue.internal;

import io.goldpan.contract.Contract;
import io.goldpan.contract.RunnerEvent;
import io.goldpan.runner.InfrastructureException;
import io.goldpan.runner.queue.EventSink;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;

/** {@link EventSink} on an SQS queue: one message per event, the body is the event's JSON. */
public final class SqsEventSink implements EventSink {
  private final SqsClient sqs;
  private final QueueUrl queue;

  public SqsEventSink(SqsClient sqs, String queue) {
    this.sqs = sqs;
    this.queue = new QueueUrl(sqs, queue);
  }

  @Override
  public void send(RunnerEvent event) {
    String body = Contract.toJson(event);
    try {
      sqs.sendMessage(r -> r.queueUrl(queue.get()).messageBody(body));
    } catch (SdkException e) {
      throw new InfrastructureException(
          "cannot send a "
              + event.type()
              + " event for jobId="
              + event.jobId()
              + " to SQS queue "
              + queue
              + ": "
              + e.getMessage(),
          e);
    }
  }
}
