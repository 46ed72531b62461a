package io.goldpan.functions.jobs;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A row of {@code job_webhooks}: where a job's events go.
 *
 * @param events the subscribed events' wire names, comma-separated
 * @param completedAt when the job's completed event was recorded; null before
 */
@MappedEntity(value = "job_webhooks", escape = false)
public record JobWebhook(
    @Id String jobId, String owner, String url, String events, @Nullable Instant completedAt) {

  public static JobWebhook of(String jobId, String owner, WebhookRequest request) {
    return new JobWebhook(
        jobId,
        owner,
        request.url().toString(),
        request.events().stream().map(WebhookEvent::wireName).collect(Collectors.joining(",")),
        null);
  }

  public boolean wants(WebhookEvent event) {
    return eventSet().contains(event);
  }

  public Set<WebhookEvent> eventSet() {
    Set<WebhookEvent> set = EnumSet.noneOf(WebhookEvent.class);
    Arrays.stream(events.split(","))
        .map(WebhookEvent::byWireName)
        .flatMap(java.util.Optional::stream)
        .forEach(set::add);
    return set;
  }
}
