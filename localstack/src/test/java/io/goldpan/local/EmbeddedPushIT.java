package io.goldpan.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.goldpan.functions.gallery.GallerySubmit;
import io.goldpan.functions.gallery.SubmitForm;
import io.goldpan.functions.push.PushSender;
import io.goldpan.functions.push.PushSubscription;
import io.goldpan.functions.push.PushSubscriptions;
import io.goldpan.functions.push.VapidKeys;
import io.goldpan.testing.Await;
import io.goldpan.testing.LocalPushService;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Push notifications through the whole embedded stack: the runner paints, the events consumer
 * records, the scheduled sender encrypts and signs, and a local push service (which checks the
 * VAPID token against the stack's public key and decrypts with each device's private key) records
 * what each phone would show. Push endpoints on 127.0.0.1 are allowed by the operator setting the
 * webhook tests use ({@code goldpan.webhooks.allow-private}, {@code allow-http}).
 */
class EmbeddedPushIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String OWNER = "me";

  @TempDir Path dataDir;

  @Test
  void groupOfThree_eachDeviceGetsOneNotification_andA410RemovesItsDevice() throws Exception {
    try (GoldpanLocal stack = start(Duration.ofSeconds(10));
        LocalPushService push = pushService(stack)) {
      PushSubscriptions devices = stack.functions().getBean(PushSubscriptions.class);
      LocalPushService.Subscription phone = subscribe(devices, push, "phone");
      LocalPushService.Subscription tablet = subscribe(devices, push, "tablet");
      LocalPushService.Subscription gone = subscribe(devices, push, "old laptop");
      push.answer(gone.id(), 410);

      GallerySubmit.Submitted group =
          stack
              .functions()
              .getBean(GallerySubmit.class)
              .submit(
                  OWNER,
                  new SubmitForm(
                      Map.of("prompt", "cctv footage of {yoda|vader|chewie}", "count", "1"),
                      List.of()));
      assertThat(group.jobs()).hasSize(3);

      Await.until(
          "a notification on each device",
          Duration.ofSeconds(90),
          () -> push.messages(phone.id()).size() == 1 && push.messages(tablet.id()).size() == 1);
      Await.until(
          "the gone device removed", Duration.ofSeconds(30), () -> devices.of(OWNER).size() == 2);
      // Further rounds find nothing more to send: one notification per device for the group.
      PushSender sender = stack.functions().getBean(PushSender.class);
      sender.sendDue();
      sender.sendDue();

      assertThat(push.messages(phone.id())).hasSize(1);
      assertThat(push.messages(tablet.id())).hasSize(1);
      assertThat(push.received()).allMatch(r -> r.problem() == null, "verified and decrypted");
      assertThat(devices.of(OWNER))
          .extracting(PushSubscription::device)
          .containsExactly("phone", "tablet");
      JsonNode shown = JSON.readTree(push.messages(phone.id()).get(0));
      assertThat(shown.get("title").asText()).isEqualTo("Painted");
      assertThat(shown.get("body").asText())
          .isEqualTo("3 of 3 painted · cctv footage of {yoda|vader|chewie}");
      assertThat(shown.get("url").asText()).isEqualTo("/app/groups/" + group.groupId());
      assertThat(shown.get("image").asText()).startsWith(stack.aws().s3Endpoint().toString());
      assertThat(push.received().stream().filter(r -> r.subscriptionId().equals(gone.id())))
          .as("the gone device was tried once")
          .hasSize(1);
    }
  }

  @Test
  void pushServiceThatHangs_delaysNoJob() throws Exception {
    Duration readTimeout = Duration.ofSeconds(60);
    try (GoldpanLocal stack = start(readTimeout);
        LocalPushService push = pushService(stack)) {
      PushSubscriptions devices = stack.functions().getBean(PushSubscriptions.class);
      LocalPushService.Subscription phone = subscribe(devices, push, "phone");
      push.hang(phone.id());
      Api api = new Api(stack.apiUrl(), stack.apiKey());

      String first = submit(api);
      api.awaitJson(
          "/api/jobs/" + first,
          j -> j.get("status").asText().equals("SUCCEEDED"),
          Duration.ofSeconds(60));
      Await.until(
          "the push service holds the POST", Duration.ofSeconds(30), () -> push.hung() == 1);
      long held = System.nanoTime();

      String second = submit(api);
      api.awaitJson(
          "/api/jobs/" + second,
          j -> j.get("status").asText().equals("SUCCEEDED"),
          Duration.ofSeconds(45));

      assertThat(Duration.ofNanos(System.nanoTime() - held))
          .as("the second job finished while the push service still held the first POST")
          .isLessThan(readTimeout);
    }
  }

  private GoldpanLocal start(Duration readTimeout) {
    return GoldpanLocal.start(
        TestStacks.onFreePorts(dataDir, true),
        Map.of(),
        Map.of(
            "goldpan.webhooks.allow-private", "true",
            "goldpan.webhooks.allow-http", "true",
            "goldpan.push.interval", "200ms",
            "goldpan.push.read-timeout", readTimeout.toMillis() + "ms"));
  }

  private static LocalPushService pushService(GoldpanLocal stack) {
    return new LocalPushService(
        stack.functions().getBean(VapidKeys.class).publicKey(), Clock.systemUTC());
  }

  private static LocalPushService.Subscription subscribe(
      PushSubscriptions devices, LocalPushService push, String name) {
    LocalPushService.Subscription s = push.subscribe();
    devices.subscribe(OWNER, name, s.endpoint(), s.p256dh(), s.auth());
    return s;
  }

  private static String submit(Api api) {
    Api.Response submitted = api.post("/api/jobs", "{\"prompt\": \"gold in the river\"}");
    assertThat(submitted.status()).as(submitted.body()).isEqualTo(202);
    return submitted.json().get("id").asText();
  }
}
