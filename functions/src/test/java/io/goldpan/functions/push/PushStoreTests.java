package io.goldpan.functions.push;

import static org.assertj.core.api.Assertions.assertThat;

import io.goldpan.contract.ImageResult;
import io.goldpan.contract.RunnerEvent;
import io.goldpan.contract.StorageKeys;
import io.goldpan.functions.events.JobEvents;
import io.goldpan.functions.gallery.GallerySubmit;
import io.goldpan.functions.gallery.SubmitForm;
import io.goldpan.functions.jobs.JobService;
import io.goldpan.testing.LocalPushService;
import io.goldpan.testing.MutableClock;
import io.micronaut.context.ApplicationContext;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The push tables on each database: a group planned once per device, the catch-up of API cancels,
 * retries that store a status or an error, and a gone device deleted with its messages.
 */
abstract class PushStoreTests {
  static final Map<String, Object> PROPERTIES =
      Map.of(
          "goldpan.webhooks.allow-private", "true",
          "goldpan.webhooks.allow-http", "true",
          "goldpan.push.read-timeout", "2s");

  abstract ApplicationContext context();

  JobService jobs;
  JobEvents events;
  PushSender sender;
  PushSubscriptions devices;
  PushMessageRepository messages;
  MutableClock clock;
  LocalPushService push;
  String owner;

  @BeforeEach
  void setUp() {
    jobs = context().getBean(JobService.class);
    events = context().getBean(JobEvents.class);
    sender = context().getBean(PushSender.class);
    devices = context().getBean(PushSubscriptions.class);
    messages = context().getBean(PushMessageRepository.class);
    clock = context().getBean(MutableClock.class);
    push = new LocalPushService(context().getBean(VapidKeys.class).publicKey(), clock);
    owner = "owner-" + UUID.randomUUID();
    clock.advance(Duration.ofDays(2)); // earlier tests' leftovers are past their catch-up window
    for (int i = 0; i < 8; i++) {
      clock.advance(Duration.ofHours(1));
      sender.sendDue();
    }
  }

  @AfterEach
  void tearDown() {
    push.close();
  }

  @Test
  void group_isPlannedOncePerDevice_andDelivered() {
    LocalPushService.Subscription phone = subscribe("phone");
    GallerySubmit.Submitted group =
        context()
            .getBean(GallerySubmit.class)
            .submit(
                owner,
                new SubmitForm(Map.of("prompt", "a {red|gold} pan", "count", "1"), List.of()));

    for (var job : group.jobs()) {
      paint(job.id());
      paint(job.id());
    }
    sender.sendDue();
    sender.sendDue();

    assertThat(push.messages(phone.id()))
        .singleElement()
        .asString()
        .contains("2 of 2 painted · a {red|gold} pan");
  }

  @Test
  void cancelledThroughTheApi_isCaughtUp() {
    LocalPushService.Subscription phone = subscribe("phone");
    String id = jobs.submit(owner, "{\"prompt\": \"a pan\"}").id();
    jobs.cancel(owner, id);

    sender.sendDue();

    assertThat(push.messages(phone.id())).singleElement().asString().contains("Cancelled");
  }

  @Test
  void failedAttempts_storeTheStatusOrTheError_andA410DeletesTheDevice() {
    LocalPushService.Subscription busy = subscribe("busy");
    push.answer(busy.id(), 503);
    String id = jobs.submit(owner, "{\"prompt\": \"a pan\"}").id();
    paint(id);

    assertThat(sender.sendDue().retrying()).isEqualTo(1);
    PushSubscription row = devices.of(owner).get(0);
    PushMessage retrying = messages.findBySubscriptionId(row.id()).get(0);
    assertThat(retrying.lastStatus()).isEqualTo(503);
    assertThat(retrying.lastError()).isNull();
    assertThat(retrying.attempts()).isEqualTo(1);

    push.answer(busy.id(), 410);
    clock.advance(Duration.ofSeconds(10));
    assertThat(sender.sendDue().gone()).isEqualTo(1);
    assertThat(devices.of(owner)).isEmpty();
    assertThat(messages.findBySubscriptionId(row.id())).isEmpty();
  }

  private LocalPushService.Subscription subscribe(String name) {
    LocalPushService.Subscription s = push.subscribe();
    devices.subscribe(owner, name, s.endpoint(), s.p256dh(), s.auth());
    clock.advance(Duration.ofMillis(1));
    return s;
  }

  private void paint(String id) {
    events.apply(RunnerEvent.started(id, "runner-1", clock.instant()));
    events.apply(
        RunnerEvent.succeeded(
            id,
            "runner-1",
            clock.instant(),
            List.of(new ImageResult(0, 7, StorageKeys.image(id, 0), null, 512, 512)),
            null));
  }
}
