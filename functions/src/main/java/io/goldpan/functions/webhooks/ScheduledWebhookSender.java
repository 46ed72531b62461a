package io.goldpan.functions.webhooks;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.env.Environment;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs the webhook sender every {@code goldpan.webhooks.interval} in server mode. */
@Singleton
@Requires(property = "goldpan.webhooks.sender-enabled", notEquals = "false")
@Requires(notEnv = Environment.FUNCTION)
public class ScheduledWebhookSender {
  private static final Logger LOG = LoggerFactory.getLogger(ScheduledWebhookSender.class);

  private final WebhookSender sender;

  public ScheduledWebhookSender(WebhookSender sender) {
    this.sender = sender;
  }

  @Scheduled(
      fixedDelay = "${goldpan.webhooks.interval:2s}",
      initialDelay = "${goldpan.webhooks.interval:2s}")
  void send() {
    try {
      sender.sendDue();
    } catch (RuntimeException e) {
      LOG.error("webhook round failed, trying again next interval", e);
    }
  }
}
