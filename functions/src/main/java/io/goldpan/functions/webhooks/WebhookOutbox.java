package io.goldpan.functions.webhooks;

import io.goldpan.functions.jobs.JobWebhook;
import io.goldpan.functions.jobs.JobWebhookRepository;
import io.goldpan.functions.jobs.WebhookEvent;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.Optional;
import java.util.UUID;

/**
 * Records the webhook events a job's changes call for, as pending deliveries the {@link
 * WebhookSender} works off: nothing is sent on the caller's thread. Callers hold the job's row lock
 * (the events consumer's guarded update), so the existence check before each insert is enough for
 * "once"; the table's unique key backs it.
 */
@Singleton
public class WebhookOutbox {
  static final int NO_IMAGE = -1;

  private final JobWebhookRepository subscriptions;
  private final WebhookDeliveryRepository deliveries;
  private final Clock clock;

  public WebhookOutbox(
      JobWebhookRepository subscriptions, WebhookDeliveryRepository deliveries, Clock clock) {
    this.subscriptions = subscriptions;
    this.deliveries = deliveries;
    this.clock = clock;
  }

  /** The job started painting. */
  public void started(String jobId) {
    subscription(jobId).ifPresent(s -> record(s, WebhookEvent.START, NO_IMAGE));
  }

  /** The job's images with these indices are stored (again, for a duplicate event). */
  public void imagesStored(String jobId, Collection<Integer> indices) {
    subscription(jobId)
        .filter(s -> s.wants(WebhookEvent.OUTPUT))
        .ifPresent(s -> indices.forEach(i -> record(s, WebhookEvent.OUTPUT, i)));
  }

  /** The job reached a terminal state. */
  public void completed(String jobId) {
    subscription(jobId).ifPresent(this::completed);
  }

  void completed(JobWebhook subscription) {
    record(subscription, WebhookEvent.COMPLETED, NO_IMAGE);
    subscriptions.markCompleted(subscription.jobId(), now());
  }

  private Optional<JobWebhook> subscription(String jobId) {
    return subscriptions.findById(jobId);
  }

  private void record(JobWebhook subscription, WebhookEvent event, int imageIdx) {
    if (!subscription.wants(event)
        || deliveries.existsByJobIdAndEventAndImageIdx(
            subscription.jobId(), event.wireName(), imageIdx)) {
      return;
    }
    Instant now = now();
    deliveries.save(
        new WebhookDelivery(
            "msg_" + UUID.randomUUID().toString().replace("-", ""),
            subscription.jobId(),
            event.wireName(),
            imageIdx,
            WebhookDelivery.Status.PENDING,
            0,
            now,
            now));
  }

  private Instant now() {
    return Instant.now(clock).truncatedTo(ChronoUnit.MILLIS);
  }
}
