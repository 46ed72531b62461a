package io.goldpan.infra;

import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.eventsources.SqsEventSource;
import software.amazon.awscdk.services.sqs.IQueue;
import software.constructs.Construct;

/** The Lambda that applies runner events (started, progress, succeeded, failed) to the job rows. */
public final class EventsConsumer extends Construct {
  public static final String HANDLER = "io.goldpan.functions.events.EventsLambdaHandler";

  /** A batch is at most ten small UPDATEs; 30 s also covers an Aurora resume (~15 s). */
  public static final Duration TIMEOUT = Duration.seconds(30);

  public static final int MEMORY_MB = 512;
  public static final int BATCH_SIZE = 10;

  /** Progress shows on the phone within about this long, while a burst still shares invocations. */
  public static final Duration MAX_BATCHING_WINDOW = Duration.seconds(2);

  /** The lowest SQS allows; caps database connections from this consumer. */
  public static final int MAX_CONCURRENCY = 2;

  private final JavaFunction function;

  public EventsConsumer(
      Construct scope,
      String id,
      Code code,
      Map<String, String> environment,
      Database database,
      GoldpanSettings settings,
      IQueue events,
      IQueue eventsDeadLetters) {
    super(scope, id);
    this.function =
        new JavaFunction(
            this,
            "Handler",
            new JavaFunction.Spec(HANDLER, MEMORY_MB, TIMEOUT, "Goldpan runner events consumer"),
            code,
            environment,
            database,
            settings);
    // The event source grants receive, delete and visibility changes on exactly this queue.
    function
        .alias()
        .addEventSource(
            SqsEventSource.Builder.create(events)
                .batchSize(BATCH_SIZE)
                .maxBatchingWindow(MAX_BATCHING_WINDOW)
                .maxConcurrency(MAX_CONCURRENCY)
                .reportBatchItemFailures(true)
                .build());
    // Events the database could not take for a while land in the dead-letter queue; they carry
    // results the runner no longer has, so the same handler applies them from there too.
    function
        .alias()
        .addEventSource(
            SqsEventSource.Builder.create(eventsDeadLetters)
                .batchSize(BATCH_SIZE)
                .maxConcurrency(MAX_CONCURRENCY)
                .reportBatchItemFailures(true)
                .build());
  }

  public JavaFunction function() {
    return function;
  }
}
