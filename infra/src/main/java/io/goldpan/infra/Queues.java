package io.goldpan.infra;

import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.sqs.DeadLetterQueue;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.sqs.QueueEncryption;
import software.constructs.Construct;

/**
 * The jobs queue (API to runners) and the events queue (runners to the events Lambda), each with a
 * DLQ.
 */
public final class Queues extends Construct {
  /** A message that fails this many receives goes to its DLQ. */
  public static final int MAX_RECEIVE_COUNT = 3;

  /**
   * Fallback only: the runner asks for its own visibility (GOLDPAN_VISIBILITY_TIMEOUT, 60 s) on
   * every receive and extends it every third of that, so this matters just to a client that does
   * not.
   */
  public static final Duration JOBS_VISIBILITY = Duration.seconds(120);

  /** A job not taken within its 24 h deadline expires anyway; 2 days leaves margin and no more. */
  public static final Duration JOBS_RETENTION = Duration.days(2);

  public static final Duration EVENTS_RETENTION = Duration.days(4);
  public static final Duration DLQ_RETENTION = Duration.days(14);

  private final Queue jobs;
  private final Queue events;
  private final Queue jobsDlq;
  private final Queue eventsDlq;

  /**
   * @param eventsConsumerTimeout timeout of the Lambda that consumes the events queue: AWS asks for
   *     a visibility timeout of at least six times it, so retries of a throttled batch do not
   *     redeliver
   * @param deadLetterConsumerTimeout timeout of the Lambda that consumes the jobs dead-letter queue
   */
  public Queues(
      Construct scope,
      String id,
      Duration eventsConsumerTimeout,
      Duration deadLetterConsumerTimeout) {
    super(scope, id);
    this.jobsDlq = deadLetterQueue("JobsDlq", sixTimes(deadLetterConsumerTimeout));
    this.eventsDlq = deadLetterQueue("EventsDlq", sixTimes(eventsConsumerTimeout));
    this.jobs =
        Queue.Builder.create(this, "Jobs")
            .encryption(QueueEncryption.SQS_MANAGED)
            .enforceSsl(true)
            .visibilityTimeout(JOBS_VISIBILITY)
            .retentionPeriod(JOBS_RETENTION)
            .receiveMessageWaitTime(Duration.seconds(20))
            .deadLetterQueue(
                DeadLetterQueue.builder().queue(jobsDlq).maxReceiveCount(MAX_RECEIVE_COUNT).build())
            .build();
    this.events =
        Queue.Builder.create(this, "Events")
            .encryption(QueueEncryption.SQS_MANAGED)
            .enforceSsl(true)
            .visibilityTimeout(sixTimes(eventsConsumerTimeout))
            .retentionPeriod(EVENTS_RETENTION)
            .deadLetterQueue(
                DeadLetterQueue.builder()
                    .queue(eventsDlq)
                    .maxReceiveCount(MAX_RECEIVE_COUNT)
                    .build())
            .build();
  }

  /** A dead-letter queue; {@code visibility} is set when a Lambda consumes it, else default. */
  private Queue deadLetterQueue(String id, Duration visibility) {
    Queue.Builder builder =
        Queue.Builder.create(this, id)
            .encryption(QueueEncryption.SQS_MANAGED)
            .enforceSsl(true)
            .retentionPeriod(DLQ_RETENTION);
    if (visibility != null) {
      builder.visibilityTimeout(visibility);
    }
    return builder.build();
  }

  private static Duration sixTimes(Duration consumerTimeout) {
    return Duration.seconds(6 * consumerTimeout.toSeconds().intValue());
  }

  public Queue jobs() {
    return jobs;
  }

  public Queue events() {
    return events;
  }

  public Queue jobsDlq() {
    return jobsDlq;
  }

  public Queue eventsDlq() {
    return eventsDlq;
  }
}
