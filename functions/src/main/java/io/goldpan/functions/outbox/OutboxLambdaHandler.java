package io.goldpan.functions.outbox;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import io.goldpan.functions.webhooks.WebhookSender;
import io.micronaut.context.ApplicationContext;
import io.micronaut.function.aws.MicronautRequestHandler;
import jakarta.inject.Inject;

/**
 * Lambda entry point for a scheduled (EventBridge) rule: delivers what is due in the outbox, as the
 * embedded server's scheduled sender does every few seconds. On AWS this is the only sender, so a
 * webhook leaves within the rule's interval of the event that made it.
 */
public class OutboxLambdaHandler extends MicronautRequestHandler<ScheduledEvent, String> {

  @Inject WebhookSender webhooks;

  public OutboxLambdaHandler() {}

  /** For tests and custom runtimes that bring their own context. */
  public OutboxLambdaHandler(ApplicationContext context) {
    super(context);
  }

  @Override
  public String execute(ScheduledEvent input) {
    return "webhooks=" + webhooks.sendDue();
  }
}
