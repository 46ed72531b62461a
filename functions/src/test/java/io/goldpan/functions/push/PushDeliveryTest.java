package io.goldpan.functions.push;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.goldpan.contract.ImageResult;
import io.goldpan.contract.RunnerEvent;
import io.goldpan.contract.StorageKeys;
import io.goldpan.functions.auth.ApiKeys;
import io.goldpan.functions.events.JobEvents;
import io.goldpan.functions.gallery.GallerySubmit;
import io.goldpan.functions.gallery.GroupedJobRepository;
import io.goldpan.functions.gallery.SubmitForm;
import io.goldpan.functions.support.Http;
import io.goldpan.testing.Await;
import io.goldpan.testing.LocalPushService;
import io.goldpan.testing.MutableClock;
import io.micronaut.context.annotation.Property;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Push notifications end to end in the functions: devices subscribe, runner events finish jobs, the
 * sender encrypts and signs, and a local push service verifies the VAPID token, decrypts and
 * records what each device would show.
 */
@MicronautTest(transactional = false)
@Property(name = "datasources.default.url", value = "jdbc:h2:mem:push;DB_CLOSE_DELAY=-1")
@Property(name = "goldpan.webhooks.allow-private", value = "true")
@Property(name = "goldpan.webhooks.allow-http", value = "true")
@Property(name = "goldpan.push.read-timeout", value = "2s")
@Property(name = "goldpan.push.max-attempts", value = "3")
class PushDeliveryTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String RUNNER = "runner-1";

  @Inject EmbeddedServer server;
  @Inject ApiKeys apiKeys;
  @Inject JobEvents events;
  @Inject GallerySubmit gallery;
  @Inject GroupedJobRepository grouped;
  @Inject PushSubscriptions subscriptions;
  @Inject PushSubscriptionRepository subscriptionRows;
  @Inject PushSender sender;
  @Inject VapidKeys vapid;
  @Inject MutableClock clock;

  String owner;
  Http api;
  LocalPushService push;

  @BeforeEach
  void setUp() {
    owner = "owner-" + UUID.randomUUID();
    api = new Http(server.getURI(), apiKeys.create(owner));
    push = new LocalPushService(vapid.publicKey(), clock);
    drain(); // what earlier tests left is not this test's business
  }

  @AfterEach
  void tearDown() {
    push.close();
  }

  @Test
  void groupOfThree_eachDeviceGetsOneNotification_onlyWhenTheLastJobFinishes() throws Exception {
    LocalPushService.Subscription phone = subscribe("phone");
    LocalPushService.Subscription tablet = subscribe("tablet");
    GallerySubmit.Submitted group =
        gallery.submit(
            owner,
            new SubmitForm(
                Map.of("prompt", "cctv footage of {yoda|vader|chewie}", "count", "2"), List.of()));
    assertThat(group.jobs()).hasSize(3);

    paint(group.jobs().get(0).id(), 2);
    paint(group.jobs().get(1).id(), 2);
    sender.sendDue();
    assertThat(push.received()).as("two of three finished: nothing yet").isEmpty();

    paint(group.jobs().get(2).id(), 2);
    paint(group.jobs().get(2).id(), 2); // a redelivered event changes nothing
    sender.sendDue();
    sender.sendDue();

    assertThat(push.received()).allMatch(r -> r.problem() == null, "verified and decrypted");
    for (LocalPushService.Subscription device : List.of(phone, tablet)) {
      List<String> got = push.messages(device.id());
      assertThat(got).as("one notification for %s", device.id()).hasSize(1);
      JsonNode n = JSON.readTree(got.get(0));
      assertThat(n.get("title").asText()).isEqualTo("Painted");
      assertThat(n.get("body").asText())
          .isEqualTo("6 of 6 painted · cctv footage of {yoda|vader|chewie}");
      assertThat(n.get("url").asText()).isEqualTo("/app/groups/" + group.groupId());
      String first = grouped.findByGroupId(group.groupId()).get(0).id(); // as the group page shows
      assertThat(n.get("image").asText()).contains(StorageKeys.image(first, 0));
      assertThat(n.get("tag").asText()).isEqualTo("goldpan-" + group.groupId());
    }
  }

  @Test
  void failedJob_saysSo_andOpensTheJob() throws Exception {
    LocalPushService.Subscription phone = subscribe("phone");
    String id = submit(3);

    events.apply(RunnerEvent.started(id, RUNNER, clock.instant()));
    events.apply(RunnerEvent.failed(id, RUNNER, clock.instant(), "out of memory"));
    sender.sendDue();

    JsonNode n = JSON.readTree(push.messages(phone.id()).get(0));
    assertThat(n.get("title").asText()).isEqualTo("Failed");
    assertThat(n.get("body").asText()).isEqualTo("Failed · 0 of 3 painted · a lighthouse");
    assertThat(n.get("url").asText()).isEqualTo("/app/jobs/" + id);
    assertThat(n.has("image") && !n.get("image").isNull()).isFalse();
  }

  @Test
  void jobCancelledThroughTheApi_isNotifiedByTheCatchUp() throws Exception {
    LocalPushService.Subscription phone = subscribe("phone");
    String id = submit(1);

    assertThat(api.delete("/api/jobs/" + id).status()).isLessThan(300);
    sender.sendDue();

    JsonNode n = JSON.readTree(push.messages(phone.id()).get(0));
    assertThat(n.get("body").asText()).startsWith("Cancelled · 0 of 1 painted");
  }

  @Test
  void pushServiceAnswers410_theDeviceIsRemoved() throws Exception {
    LocalPushService.Subscription phone = subscribe("phone");
    LocalPushService.Subscription tablet = subscribe("tablet");
    push.answer(phone.id(), 410);

    paint(submit(1), 1);
    PushSender.Result round = sender.sendDue();

    assertThat(round.gone()).isEqualTo(1);
    assertThat(round.delivered()).isEqualTo(1);
    assertThat(subscriptions.of(owner))
        .extracting(PushSubscription::device)
        .containsExactly("tablet");
    paint(submit(1), 1);
    sender.sendDue();
    assertThat(push.received().stream().filter(r -> r.subscriptionId().equals(phone.id())))
        .as("a removed device gets nothing more")
        .hasSize(1);
    assertThat(push.messages(tablet.id())).hasSize(2);
  }

  @Test
  void pushServiceHangs_jobEventsAreNotDelayed_andTheAttemptTimesOutAndRetries() throws Exception {
    LocalPushService.Subscription phone = subscribe("phone");
    push.hang(phone.id());
    paint(submit(1), 1);

    CompletableFuture<PushSender.Result> round = CompletableFuture.supplyAsync(sender::sendDue);
    Await.until("the push service holds the POST", Duration.ofSeconds(10), () -> push.hung() == 1);
    String second = submit(1);
    paint(second, 1);

    assertThat(api.get("/api/jobs/" + second).json().get("status").asText()).isEqualTo("SUCCEEDED");
    assertThat(round).as("the sender is still waiting on the push service").isNotDone();
    assertThat(round.get(10, TimeUnit.SECONDS).retrying())
        .as("the attempt timed out and is due again later")
        .isEqualTo(1);
  }

  @Test
  void deviceSubscribedAfterTheJobFinished_getsNothingAboutIt() throws Exception {
    paint(submit(1), 1); // no device yet: nothing recorded at all
    LocalPushService.Subscription phone = subscribe("phone");

    sender.sendDue();

    assertThat(push.received()).isEmpty();
    paint(submit(1), 1);
    sender.sendDue();
    assertThat(push.messages(phone.id())).hasSize(1);
  }

  private LocalPushService.Subscription subscribe(String name) {
    clock.advance(Duration.ofMillis(1));
    LocalPushService.Subscription s = push.subscribe();
    subscriptions.subscribe(owner, name, s.endpoint(), s.p256dh(), s.auth());
    clock.advance(Duration.ofMillis(1));
    return s;
  }

  private String submit(int count) {
    Http.Response response =
        api.post("/api/jobs", "{\"prompt\": \"a lighthouse\", \"count\": " + count + "}");
    assertThat(response.status()).as("%s", response.json()).isEqualTo(202);
    return response.json().get("id").asText();
  }

  private void paint(String id, int n) {
    Instant at = clock.instant();
    events.apply(RunnerEvent.started(id, RUNNER, at));
    events.apply(RunnerEvent.succeeded(id, RUNNER, at, images(id, n), null));
  }

  /** Sends whatever is pending from other tests' owners to no one in particular. */
  private void drain() {
    clock.advance(Duration.ofDays(2));
    for (int i = 0; i < 5; i++) {
      sender.sendDue();
    }
  }

  private static List<ImageResult> images(String id, int n) {
    List<ImageResult> list = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      list.add(new ImageResult(i, 7 + i, StorageKeys.image(id, i), null, 512, 512));
    }
    return list;
  }
}
