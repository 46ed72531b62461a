package io.goldpan.functions.push;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.env.Environment;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs the push sender every {@code goldpan.push.interval} in server mode. */
@Singleton
@Requires(property = "goldpan.push.sender-enabled", notEquals = "false")
@Requires(notEnv = Environment.FUNCTION)
public class ScheduledPushSender {
  private static final Logger LOG = LoggerFactory.getLogger(ScheduledPushSender.class);

  private final PushSender sender;

  public ScheduledPushSender(PushSender sender) {
    this.sender = sender;
  }

  @Scheduled(
      fixedDelay = "${goldpan.push.interval:2s}",
      initialDelay = "${goldpan.push.interval:2s}")
  void send() {
    try {
      sender.sendDue();
    } catch (RuntimeException e) {
      LOG.error("push round failed, trying again next interval", e);
    }
  }
}
