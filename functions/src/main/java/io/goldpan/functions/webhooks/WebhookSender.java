package io.goldpan.functions.webhooks;

import io.goldpan.functions.jobs.Job;
import io.goldpan.functions.jobs.JobRepository;
import io.goldpan.functions.jobs.JobViews;
import io.goldpan.functions.jobs.JobWebhook;
import io.goldpan.functions.jobs.JobWebhookRepository;
import io.goldpan.functions.outbound.Destinations;
import io.goldpan.functions.outbound.RefusedDestinationException;
import io.goldpan.functions.outbound.WebhooksConfig;
import io.micronaut.data.exceptions.DataAccessException;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers due webhook events, one attempt each per round: signs the job's current JSON view (as
 * {@code GET /api/jobs/{id}} shows it), POSTs it, logs the attempt, and on anything but a 2xx tries
 * again later, waiting twice as long each time, until {@link WebhooksConfig#maxAttempts()}.
 */
@Singleton
public class WebhookSender {
  static final String EVENT_HEADER = "goldpan-webhook-event";
  private static final int ERROR_MAX_CHARS = 300;
  private static final Logger LOG = LoggerFactory.getLogger(WebhookSender.class);

  private final WebhookDeliveryRepository deliveries;
  private final WebhookAttemptRepository attempts;
  private final JobWebhookRepository subscriptions;
  private final JobRepository jobs;
  private final JobViews views;
  private final JsonMapper json;
  private final WebhookSecrets secrets;
  private final WebhookOutbox outbox;
  private final Destinations destinations;
  private final WebhookPoster poster;
  private final WebhooksConfig config;
  private final Clock clock;

  public WebhookSender(
      WebhookDeliveryRepository deliveries,
      WebhookAttemptRepository attempts,
      JobWebhookRepository subscriptions,
      JobRepository jobs,
      JobViews views,
      JsonMapper json,
      WebhookSecrets secrets,
      WebhookOutbox outbox,
      Destinations destinations,
      WebhookPoster poster,
      WebhooksConfig config,
      Clock clock) {
    this.deliveries = deliveries;
    this.attempts = attempts;
    this.subscriptions = subscriptions;
    this.jobs = jobs;
    this.views = views;
    this.json = json;
    this.secrets = secrets;
    this.outbox = outbox;
    this.destinations = destinations;
    this.poster = poster;
    this.config = config;
    this.clock = clock;
  }

  /** What one round did. */
  public record Result(int recorded, int delivered, int retrying, int failed) {}

  /** Records completed events the events consumer could not see, then sends what is due. */
  public Result sendDue() {
    int recorded = recordFinished();
    Instant now = now();
    Duration lease = config.connectTimeout().plus(config.readTimeout()).plusSeconds(30);
    int delivered = 0;
    int retrying = 0;
    int failed = 0;
    for (WebhookDelivery due : deliveries.findDue(now, config.batch())) {
      if (deliveries.claim(due.id(), due.nextAttemptAt(), now.plus(lease)) != 1) {
        continue; // another sender took it
      }
      switch (deliver(due)) {
        case DELIVERED -> delivered++;
        case PENDING -> retrying++;
        case FAILED -> failed++;
      }
    }
    return new Result(recorded, delivered, retrying, failed);
  }

  /** Jobs cancelled through the API or ended by the sweeper get their completed event here. */
  private int recordFinished() {
    int recorded = 0;
    for (JobWebhook finished : subscriptions.findFinishedUnrecorded(config.batch())) {
      try {
        outbox.completed(finished);
        recorded++;
      } catch (DataAccessException e) {
        // recorded meanwhile by the events consumer: the unique key kept it single
        subscriptions.markCompleted(finished.jobId(), now());
      }
    }
    return recorded;
  }

  private WebhookDelivery.Status deliver(WebhookDelivery delivery) {
    Optional<JobWebhook> subscription = subscriptions.findById(delivery.jobId());
    Optional<Job> job = jobs.findById(delivery.jobId());
    int attempt = delivery.attempts() + 1;
    Instant started = now();
    Integer status = null;
    String error = null;
    if (subscription.isEmpty() || job.isEmpty()) {
      error = "the job is gone";
    } else {
      try {
        URI url = URI.create(subscription.get().url());
        destinations.check(url);
        byte[] body = json.writeValueAsBytes(views.of(job.get()));
        long timestamp = started.getEpochSecond();
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("webhook-id", delivery.id());
        headers.put("webhook-timestamp", Long.toString(timestamp));
        headers.put(
            "webhook-signature",
            WebhookSignature.sign(
                secrets.forOwner(subscription.get().owner()), delivery.id(), timestamp, body));
        headers.put(EVENT_HEADER, delivery.event());
        status = poster.post(url, headers, body);
      } catch (RefusedDestinationException e) {
        error = "refused: " + e.getMessage();
      } catch (IOException | RuntimeException e) {
        error =
            e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
      }
    }
    Instant finished = now();
    attempts.save(
        new WebhookAttempt(
            UUID.randomUUID().toString(),
            delivery.id(),
            delivery.jobId(),
            attempt,
            started,
            status,
            error == null ? null : limit(error),
            Duration.between(started, finished).toMillis()));
    WebhookDelivery.Status outcome;
    Instant next = finished;
    if (status != null && status >= 200 && status < 300) {
      outcome = WebhookDelivery.Status.DELIVERED;
    } else if (attempt >= config.maxAttempts() || subscription.isEmpty() || job.isEmpty()) {
      outcome = WebhookDelivery.Status.FAILED;
      LOG.warn(
          "webhook given up: jobId={} deliveryId={} event={} attempts={}",
          delivery.jobId(),
          delivery.id(),
          delivery.event(),
          attempt);
    } else {
      outcome = WebhookDelivery.Status.PENDING;
      next = finished.plus(config.retryAfter(attempt));
    }
    deliveries.attempted(delivery.id(), outcome, attempt, next);
    return outcome;
  }

  private static String limit(String text) {
    return text.length() <= ERROR_MAX_CHARS ? text : text.substring(0, ERROR_MAX_CHARS);
  }

  private Instant now() {
    return Instant.now(clock).truncatedTo(ChronoUnit.MILLIS);
  }
}
