package io.goldpan.functions.events;

import io.goldpan.functions.aws.QueueUrls;
import io.goldpan.functions.events.internal.QueuePoller;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.env.Environment;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * In server mode, one daemon thread long-polls the events queue and applies what it receives.
 * Messages are deleted only when applied or unreadable; the rest come back after their visibility
 * timeout.
 */
@Singleton
@Requires(property = "goldpan.events.poller.enabled", notEquals = "false")
@Requires(notEnv = Environment.FUNCTION)
public class EventsPoller {
  private final QueuePoller poller;

  public EventsPoller(SqsClient sqs, QueueUrls queues, EventMessages messages) {
    this.poller =
        new QueuePoller(
            "events", sqs, queues::events, (id, body) -> messages.handle(id, body).done());
  }

  @EventListener
  void onStartup(StartupEvent event) {
    start();
  }

  /** Starts the polling thread; does nothing when it already runs. */
  public void start() {
    poller.start();
  }

  /** Stops polling and waits a bounded time for the thread; safe to call more than once. */
  @PreDestroy
  public void stop() {
    poller.stop();
  }

  public boolean isRunning() {
    return poller.isRunning();
  }
}
