package io.goldpan.functions.support;

import io.goldpan.functions.status.QueueDepth;
import io.goldpan.functions.status.SqsQueueDepth;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import java.util.OptionalLong;

/** Test queue depth: whatever the test sets; unknown until then. */
@Singleton
@Replaces(SqsQueueDepth.class)
@Requires(env = "test")
public class FakeQueueDepth implements QueueDepth {
  private volatile OptionalLong depth = OptionalLong.empty();

  public void set(long messages) {
    depth = OptionalLong.of(messages);
  }

  @Override
  public OptionalLong approximateMessages() {
    return depth;
  }
}
