package io.goldpan.functions.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import io.goldpan.contract.ImageResult;
import io.goldpan.contract.RunnerEvent;
import io.goldpan.contract.StorageKeys;
import io.goldpan.functions.events.JobEvents;
import io.goldpan.functions.jobs.JobService;
import io.goldpan.functions.jobs.JobStatus;
import io.goldpan.testing.MutableClock;
import io.micronaut.context.ApplicationContext;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The webhook tables on each database: events recorded once whatever is redelivered, the sender's
 * catch-up for jobs that ended outside the events consumer, and due deliveries sent.
 */
abstract class WebhookStoreTests {
  static final Map<String, Object> PROPERTIES =
      Map.of(
          "goldpan.webhooks.allow-private", "true",
          "goldpan.webhooks.allow-http", "true");

  abstract ApplicationContext context();

  JobService jobs;
  JobEvents events;
  WebhookSender sender;
  WebhookDeliveryRepository deliveries;
  MutableClock clock;
  WebhookReceiver receiver;
  String owner;

  @BeforeEach
  void setUp() {
    jobs = context().getBean(JobService.class);
    events = context().getBean(JobEvents.class);
    sender = context().getBean(WebhookSender.class);
    deliveries = context().getBean(WebhookDeliveryRepository.class);
    clock = context().getBean(MutableClock.class);
    receiver = new WebhookReceiver();
    owner = "owner-" + UUID.randomUUID();
  }

  @AfterEach
  void tearDown() {
    receiver.close();
  }

  @Test
  void redeliveredEvents_recordStartOnce_anOutputPerImage_andCompletedOnce() {
    String id = submit("[\"start\", \"output\", \"completed\"]");
    List<ImageResult> two = images(id, 2);
    for (int i = 0; i < 2; i++) {
      events.apply(RunnerEvent.started(id, "r", clock.instant()));
      events.apply(RunnerEvent.progress(id, "r", clock.instant(), 5, 40, images(id, 1)));
      events.apply(RunnerEvent.progress(id, "r", clock.instant(), 40, 40, two));
    }
    events.apply(RunnerEvent.succeeded(id, "r", clock.instant(), two, null));
    events.apply(RunnerEvent.succeeded(id, "r", clock.instant(), two, null));

    assertThat(deliveries.findByJobIdOrderByCreatedAt(id))
        .extracting(d -> d.event() + ":" + d.imageIdx())
        .containsExactlyInAnyOrder("start:-1", "output:0", "output:1", "completed:-1");
    assertThat(sender.sendDue().delivered()).isEqualTo(4);
    assertThat(receiver.received()).hasSize(4);
  }

  @Test
  void jobCancelledThroughTheApi_getsItsCompletedFromTheSendersCatchUp_once() {
    String id = submit(null);
    jobs.cancel(owner, id);
    assertThat(jobs.find(owner, id).status()).isEqualTo(JobStatus.CANCELLED);

    WebhookSender.Result first = sender.sendDue();
    WebhookSender.Result second = sender.sendDue();

    assertThat(first.recorded()).isEqualTo(1);
    assertThat(first.delivered()).isEqualTo(1);
    assertThat(second.recorded()).isZero();
    assertThat(receiver.received())
        .extracting(WebhookReceiver.Received::event)
        .containsExactly("completed");
  }

  private String submit(String events) {
    String body =
        "{\"prompt\": \"a lighthouse\", \"count\": 2, \"webhook\": \""
            + receiver.url()
            + "\""
            + (events == null ? "" : ", \"webhookEvents\": " + events)
            + "}";
    return jobs.submit(owner, body).id();
  }

  private static List<ImageResult> images(String id, int n) {
    return java.util.stream.IntStream.range(0, n)
        .mapToObj(i -> new ImageResult(i, 7 + i, StorageKeys.image(id, i), null, 512, 512))
        .toList();
  }
}
