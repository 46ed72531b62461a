package io.goldpan.runner.queue;

import io.goldpan.contract.RunnerEvent;
import io.goldpan.runner.queue.internal.SqsEventSink;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The events queue. {@link #send} throws {@link io.goldpan.runner.InfrastructureException} when the
 * queue cannot be reached.
 */
public interface EventSink {
  /** The events queue on SQS; {@code queue} is a queue URL, or a name resolved on first use. */
  static EventSink sqs(SqsClient sqs, String queue) {
    return new SqsEventSink(sqs, queue);
  }

  void send(RunnerEvent event);
}
