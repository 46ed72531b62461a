package io.goldpan.runner.queue;

import io.goldpan.runner.queue.internal.SqsJobSource;
import java.time.Duration;
import java.util.Optional;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The jobs queue as the runner sees it. Every method throws {@link
 * io.goldpan.runner.InfrastructureException} when the queue cannot be reached; {@link #extend},
 * {@link #release} and {@link #delete} throw {@link MessageGoneException} when the queue says the
 * message is no longer this runner's (received again by another runner since, or deleted).
 */
public interface JobSource {
  /** The jobs queue on SQS; {@code queue} is a queue URL, or a name resolved on first use. */
  static JobSource sqs(SqsClient sqs, String queue) {
    return new SqsJobSource(sqs, queue);
  }

  /**
   * Waits up to {@code wait} for one message and hides it from other runners for {@code
   * visibility}.
   */
  Optional<QueueMessage> receive(Duration wait, Duration visibility);

  /** Hides the message for another {@code visibility} from now, while its job runs. */
  void extend(QueueMessage message, Duration visibility);

  /** Makes the message visible again at once, so another runner (or this one) takes it. */
  void release(QueueMessage message);

  /** Removes the message for good: its job reached a terminal state. */
  void delete(QueueMessage message);
}
