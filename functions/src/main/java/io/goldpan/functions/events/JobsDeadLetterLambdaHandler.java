package io.goldpan.functions.events;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.micronaut.context.ApplicationContext;
import io.micronaut.function.aws.MicronautRequestHandler;
import jakarta.inject.Inject;

/**
 * Lambda entry point for the jobs dead-letter queue's SQS trigger (enable {@code
 * ReportBatchItemFailures}): fails the job of each record and reports only the records whose
 * database update failed. Unreadable records are logged and dropped.
 */
public class JobsDeadLetterLambdaHandler
    extends MicronautRequestHandler<SQSEvent, SQSBatchResponse> {

  @Inject JobsDeadLetters deadLetters;

  public JobsDeadLetterLambdaHandler() {}

  /** For tests and custom runtimes that bring their own context. */
  public JobsDeadLetterLambdaHandler(ApplicationContext context) {
    super(context);
  }

  @Override
  public SQSBatchResponse execute(SQSEvent input) {
    return SqsBatches.handle(input, deadLetters::handle);
  }
}
