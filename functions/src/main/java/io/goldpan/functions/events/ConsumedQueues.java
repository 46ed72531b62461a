package io.goldpan.functions.events;

import io.goldpan.functions.aws.QueueUrls;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.env.Environment;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

/** The queues a server process polls: the events queue and both dead-letter queues. */
@Factory
@Requires(notEnv = Environment.FUNCTION)
public class ConsumedQueues {

  /** Runner events, applied to the job rows. */
  @Singleton
  @Named("events")
  @Requires(property = "goldpan.events.poller.enabled", notEquals = "false")
  public ConsumedQueue events(QueueUrls queues, EventMessages messages) {
    return new ConsumedQueue(
        "events", queues::events, (id, body) -> messages.handle(id, body).done());
  }

  /** Job messages no runner finished, whose jobs are marked failed. */
  @Singleton
  @Named("jobs-dlq")
  @Requires(property = "goldpan.jobs-dead-letter.poller-enabled", notEquals = "false")
  public ConsumedQueue jobsDeadLetters(
      QueueUrls queues, JobsDeadLetterConfig config, JobsDeadLetters deadLetters) {
    return new ConsumedQueue(
        "jobs-dlq",
        () -> queues.url(config.queue()),
        (id, body) -> deadLetters.handle(id, body).done());
  }

  /**
   * Runner events that dead-lettered (the database was down for a while): applied as they come,
   * since each carries its job's result and the runner no longer has it.
   */
  @Singleton
  @Named("events-dlq")
  @Requires(property = "goldpan.events-dead-letter.poller-enabled", notEquals = "false")
  public ConsumedQueue eventsDeadLetters(
      QueueUrls queues, EventsDeadLetterConfig config, EventMessages messages) {
    return new ConsumedQueue(
        "events-dlq",
        () -> queues.url(config.queue()),
        (id, body) -> messages.handle(id, body).done());
  }
}
