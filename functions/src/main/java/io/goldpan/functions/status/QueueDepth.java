package io.goldpan.functions.status;

import java.util.OptionalLong;

/** How many job messages wait in the jobs queue; an interface so tests can fake SQS. */
public interface QueueDepth {

  /** SQS's approximate count of visible messages, or empty when the queue cannot be asked now. */
  OptionalLong approximateMessages();
}
