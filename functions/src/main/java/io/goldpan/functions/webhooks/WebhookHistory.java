package io.goldpan.functions.webhooks;

import io.goldpan.functions.jobs.JobWebhook;
import io.goldpan.functions.jobs.JobWebhookRepository;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** Reads a job's delivery log from the webhook tables. */
@Singleton
public class WebhookHistory {
  private final JobWebhookRepository subscriptions;
  private final WebhookDeliveryRepository deliveries;
  private final WebhookAttemptRepository attempts;

  public WebhookHistory(
      JobWebhookRepository subscriptions,
      WebhookDeliveryRepository deliveries,
      WebhookAttemptRepository attempts) {
    this.subscriptions = subscriptions;
    this.deliveries = deliveries;
    this.attempts = attempts;
  }

  public WebhookLog of(String jobId) {
    Optional<JobWebhook> subscription = subscriptions.findById(jobId);
    Map<String, List<WebhookAttempt>> byDelivery =
        attempts.findByJobIdOrderByAt(jobId).stream()
            .collect(Collectors.groupingBy(WebhookAttempt::deliveryId));
    List<WebhookLog.Delivery> shown =
        deliveries.findByJobIdOrderByCreatedAt(jobId).stream()
            .map(
                d ->
                    new WebhookLog.Delivery(
                        d.id(),
                        d.event(),
                        d.imageIdx() == WebhookOutbox.NO_IMAGE ? null : d.imageIdx(),
                        d.status(),
                        d.attempts(),
                        d.status() == WebhookDelivery.Status.PENDING ? d.nextAttemptAt() : null,
                        d.createdAt(),
                        byDelivery.getOrDefault(d.id(), List.of()).stream()
                            .map(
                                a ->
                                    new WebhookLog.Attempt(
                                        a.attempt(),
                                        a.at(),
                                        a.statusCode(),
                                        a.error(),
                                        a.durationMs()))
                            .toList()))
            .toList();
    return new WebhookLog(
        subscription.map(JobWebhook::url).orElse(null),
        subscription.map(s -> s.eventSet().stream().map(e -> e.wireName()).toList()).orElse(null),
        shown);
  }
}
