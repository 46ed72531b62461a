package io.goldpan.functions.outbox;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import io.goldpan.functions.push.PushSender;
import io.goldpan.functions.webhooks.WebhookSender;
import io.micronaut.context.ApplicationContext;
import io.micronaut.function.aws.MicronautRequestHandler;
import jakarta.inject.Inject;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lambda entry point for a scheduled (EventBridge) rule: delivers what is due in the outbox, as the
 * embedded server's scheduled senders do every few seconds: webhooks, then push notifications. On
 * AWS this is the only sender, so either leaves within the rule's interval of the event behind it.
 */
public class OutboxLambdaHandler extends MicronautRequestHandler<ScheduledEvent, String> {
  private static final Logger LOG = LoggerFactory.getLogger(OutboxLambdaHandler.class);

  @Inject WebhookSender webhooks;
  @Inject PushSender notifications;

  public OutboxLambdaHandler() {}

  /** For tests and custom runtimes that bring their own context. */
  public OutboxLambdaHandler(ApplicationContext context) {
    super(context);
  }

  @Override
  public String execute(ScheduledEvent input) {
    return round("webhooks", webhooks::sendDue)
        + " "
        + round("notifications", notifications::sendDue);
  }

  /** One kind's round; a failing one does not hold up the other, and the next tick retries it. */
  private static String round(String kind, Supplier<?> send) {
    try {
      return kind + "=" + send.get();
    } catch (RuntimeException e) {
      LOG.error("{} round failed, trying again next tick", kind, e);
      return kind + "=failed";
    }
  }
}
