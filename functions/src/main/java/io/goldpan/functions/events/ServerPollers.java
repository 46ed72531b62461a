package io.goldpan.functions.events;

import io.goldpan.functions.events.internal.QueuePoller;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.env.Environment;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.util.List;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * In server mode, one daemon thread per {@link ConsumedQueue} long-polls it and hands what it
 * receives to the queue's handler. Messages are deleted only when handled or unreadable; the rest
 * come back after their visibility timeout.
 */
@Singleton
@Requires(notEnv = Environment.FUNCTION)
public class ServerPollers {
  private final List<QueuePoller> pollers;

  public ServerPollers(SqsClient sqs, List<ConsumedQueue> queues) {
    this.pollers =
        queues.stream().map(q -> new QueuePoller(q.name(), sqs, q.url(), q.handler())).toList();
  }

  @EventListener
  void onStartup(StartupEvent event) {
    start();
  }

  /** Starts the polling threads; a poller already running is left as it is. */
  public void start() {
    pollers.forEach(QueuePoller::start);
  }

  /** Stops polling and waits a bounded time for the threads; safe to call more than once. */
  @PreDestroy
  public void stop() {
    pollers.forEach(QueuePoller::stop);
  }

  /** Whether any poller runs. */
  public boolean isRunning() {
    return pollers.stream().anyMatch(QueuePoller::isRunning);
  }
}
