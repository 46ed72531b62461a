package io.goldpan.functions.jobs;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** What a job's webhook can be told: it started, it stored an image, it reached its end. */
public enum WebhookEvent {
  START,
  OUTPUT,
  COMPLETED;

  /** The name in {@code webhookEvents} and in the database, e.g. {@code completed}. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<WebhookEvent> byWireName(String name) {
    return Arrays.stream(values()).filter(e -> e.wireName().equals(name)).findFirst();
  }
}
