package io.goldpan.runner.queue;

/**
 * One message received from the jobs queue.
 *
 * @param messageId the queue's id of the message
 * @param receiptHandle what deletes, extends or releases this delivery of it
 * @param body the job JSON
 * @param receiveCount how many times the queue has handed it out, this time included
 */
public record QueueMessage(String messageId, String receiptHandle, String body, int receiveCount) {
  @Override
  public String toString() {
    // The receipt handle is a bearer token for the message; keep it out of logs.
    return "QueueMessage[messageId=" + messageId + ", receiveCount=" + receiveCount + "]";
  }
}
