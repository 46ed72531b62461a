package io.goldpan.infra;

import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.eventsources.SqsEventSource;
import software.amazon.awscdk.services.sqs.IQueue;
import software.constructs.Construct;

/**
 * The Lambda that marks a job FAILED when its message lands in the jobs dead-letter queue (the
 * runners gave up on it {@link Queues#MAX_RECEIVE_COUNT} times), so every job reaches a terminal
 * state and the phone shows why.
 */
public final class JobsDeadLetterConsumer extends Construct {
  public static final String HANDLER = "io.goldpan.functions.events.JobsDeadLetterLambdaHandler";

  /** One guarded UPDATE per message; 30 s also covers an Aurora resume (~15 s). */
  public static final Duration TIMEOUT = Duration.seconds(30);

  public static final int MEMORY_MB = 512;
  public static final int BATCH_SIZE = 10;

  /** Dead letters are rare; one at a time keeps database connections low. */
  public static final int MAX_CONCURRENCY = 2;

  private final JavaFunction function;

  public JobsDeadLetterConsumer(
      Construct scope,
      String id,
      Code code,
      Map<String, String> environment,
      Database database,
      GoldpanSettings settings,
      IQueue jobsDeadLetters) {
    super(scope, id);
    this.function =
        new JavaFunction(
            this,
            "Handler",
            new JavaFunction.Spec(HANDLER, MEMORY_MB, TIMEOUT, "Goldpan jobs dead-letter consumer"),
            code,
            environment,
            database,
            settings);
    // The event source grants receive, delete and visibility changes on exactly this queue.
    function
        .alias()
        .addEventSource(
            SqsEventSource.Builder.create(jobsDeadLetters)
                .batchSize(BATCH_SIZE)
                .maxConcurrency(MAX_CONCURRENCY)
                .reportBatchItemFailures(true)
                .build());
  }

  public JavaFunction function() {
    return function;
  }
}
