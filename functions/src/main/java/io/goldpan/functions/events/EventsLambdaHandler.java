package io.goldpan.functions.events;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.micronaut.context.ApplicationContext;
import io.micronaut.function.aws.MicronautRequestHandler;
import jakarta.inject.Inject;

/**
 * Lambda entry point for the events queue's SQS trigger (enable {@code ReportBatchItemFailures}):
 * applies each record and reports only the ones worth retrying. Unreadable records are logged and
 * dropped, since a retry could never succeed.
 */
public class EventsLambdaHandler extends MicronautRequestHandler<SQSEvent, SQSBatchResponse> {

  @Inject EventMessages messages;

  public EventsLambdaHandler() {}

  /** For tests and custom runtimes that bring their own context. */
  public EventsLambdaHandler(ApplicationContext context) {
    super(context);
  }

  @Override
  public SQSBatchResponse execute(SQSEvent input) {
    return SqsBatches.handle(input, messages::handle);
  }
}
