package io.goldpan.runner.queue;

import io.goldpan.runner.RunnerException;

/**
 * SQS answered that the receipt handle no longer names a message this runner holds: another runner
 * received it since (this runner's visibility lapsed), or it was deleted already. Nothing is wrong
 * with the queue; there is simply nothing left for this runner to delete, extend or release.
 */
public final class MessageGoneException extends RunnerException {
  public MessageGoneException(String message, Throwable cause) {
    super(message, cause);
  }
}
