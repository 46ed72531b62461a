package io.goldpan.runner.queue;

import io.goldpan.contract.RunnerEvent;

/**
 * The events queue. {@link #send} throws {@link io.goldpan.runner.InfrastructureException} when the
 * queue cannot be reached.
 */
public interface EventSink {
  void send(RunnerEvent event);
}
