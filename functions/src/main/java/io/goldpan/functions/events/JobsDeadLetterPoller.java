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

/** In server mode, long-polls the jobs dead-letter queue and fails the jobs it names. */
@Singleton
@Requires(property = "goldpan.jobs-dead-letter.poller-enabled", notEquals = "false")
@Requires(notEnv = Environment.FUNCTION)
public class JobsDeadLetterPoller {
  private final QueuePoller poller;

  public JobsDeadLetterPoller(
      SqsClient sqs, QueueUrls queues, JobsDeadLetterConfig config, JobsDeadLetters deadLetters) {
    this.poller =
        new QueuePoller(
            "jobs-dlq",
            sqs,
            () -> queues.url(config.queue()),
            (id, body) -> deadLetters.handle(id, body).done());
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
