package io.goldpan.local;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.CDPSession;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import io.goldpan.functions.gallery.GallerySubmit;
import io.goldpan.functions.gallery.SubmitForm;
import io.goldpan.functions.push.PushSubscription;
import io.goldpan.functions.push.PushSubscriptions;
import io.goldpan.functions.push.VapidKeys;
import io.goldpan.testing.Await;
import io.goldpan.testing.LocalPushService;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * On a phone, the Notifications page turns push on for the device: the page asks for permission,
 * subscribes with the server's VAPID key, and the server stores the subscription; a fan-out then
 * gives that device exactly one notification when the whole group is done.
 *
 * <p>Chromium's own push service is not reachable from here, so an init script replaces {@code
 * PushManager.prototype.subscribe} with one that records the options it was called with and returns
 * a subscription of the tests' {@link LocalPushService} (its endpoint on 127.0.0.1 and a browser
 * key pair that service holds). Everything else is the real page, script, service worker
 * registration and server. At the end the decrypted message is handed to the page's real service
 * worker through Chromium's DevTools protocol (as the browser does with a message from its push
 * service), and the notification it shows is read back.
 */
class NotificationsBrowserIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dataDir;
  static PhoneBrowser phones;
  static LocalPushService push;

  @BeforeAll
  static void start() throws Exception {
    phones =
        PhoneBrowser.start(
            dataDir,
            Map.of(),
            Map.of(
                "goldpan.webhooks.allow-private", "true",
                "goldpan.webhooks.allow-http", "true",
                "goldpan.push.interval", "200ms"));
    push =
        new LocalPushService(
            phones.local.functions().getBean(VapidKeys.class).publicKey(), Clock.systemUTC());
  }

  @AfterAll
  static void stop() {
    if (push != null) {
      push.close();
    }
    if (phones != null) {
      phones.close();
    }
  }

  @Test
  void turnOn_storesThisDevice_andAFanOutGivesItOneNotification() throws Exception {
    LocalPushService.Subscription device = push.subscribe();
    try (BrowserContext context = phones.phone()) {
      context.grantPermissions(List.of("notifications"));
      context.addInitScript(fakeSubscribe(device));
      Page page = phones.signIn(context);
      page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Notifications")).click();
      assertThat(page).hasURL(phones.base() + "/app/notifications");
      assertThat(page.getByText("No device gets notifications yet.")).isVisible();
      PhoneBrowser.assertUsable(page);

      page.getByLabel("Name it").fill("Test phone");
      page.getByRole(
              AriaRole.BUTTON,
              new Page.GetByRoleOptions().setName("Turn on notifications on this device"))
          .click();

      assertThat(page.locator("ul.devices li")).hasCount(1);
      assertThat(page.locator("ul.devices li")).containsText("Test phone");
      assertThat(page.locator("ul.devices li")).containsText("via 127.0.0.1");
      PhoneBrowser.assertUsable(page);
      PhoneBrowser.screenshot(page, "notifications-phone.png");
      JsonNode asked = JSON.readTree((String) page.evaluate("() => sessionStorage.pushOptions"));
      assertThat(asked.get("userVisibleOnly").asBoolean()).isTrue();
      assertThat(asked.get("key").asText())
          .as("subscribed with the server's VAPID public key")
          .isEqualTo(
              Base64.getEncoder()
                  .encodeToString(
                      Base64.getUrlDecoder()
                          .decode(phones.local.functions().getBean(VapidKeys.class).publicKey())));
      List<PushSubscription> stored =
          phones.local.functions().getBean(PushSubscriptions.class).of("me");
      assertThat(stored).hasSize(1);
      assertThat(stored.get(0).endpoint()).isEqualTo(device.endpoint());
      assertThat(stored.get(0).p256dh()).isEqualTo(device.p256dh());

      GallerySubmit.Submitted group =
          phones
              .local
              .functions()
              .getBean(GallerySubmit.class)
              .submit(
                  "me",
                  new SubmitForm(
                      Map.of("prompt", "a {red|gold|blue} river", "count", "1"), List.of()));
      Await.until(
          "the group's notification",
          Duration.ofSeconds(90),
          () -> !push.messages(device.id()).isEmpty());
      JsonNode shown = JSON.readTree(push.messages(device.id()).get(0));
      assertThat(shown.get("body").asText()).isEqualTo("3 of 3 painted · a {red|gold|blue} river");
      assertThat(shown.get("url").asText()).isEqualTo("/app/groups/" + group.groupId());
      assertThat(push.messages(device.id())).as("one notification for the group").hasSize(1);

      // The decrypted message, handed to the real service worker as the browser would.
      deliverToServiceWorker(context, page, push.messages(device.id()).get(0));
      Await.until(
          "the worker shows the notification",
          Duration.ofSeconds(20),
          () ->
              ((Number)
                          page.evaluate(
                              "async () => (await (await navigator.serviceWorker.ready)"
                                  + ".getNotifications()).length"))
                      .intValue()
                  > 0);
      Object notification =
          page.evaluate(
              "async () => { const n = (await (await"
                  + " navigator.serviceWorker.ready).getNotifications())[0]; return [n.title,"
                  + " n.body, n.data.url, n.tag].join('|'); }");
      assertThat(notification)
          .isEqualTo(
              "Painted|3 of 3 painted · a {red|gold|blue} river|/app/groups/"
                  + group.groupId()
                  + "|goldpan-"
                  + group.groupId());
    }
  }

  /** Chromium's DevTools protocol delivers a push message to the page's service worker. */
  private static void deliverToServiceWorker(BrowserContext context, Page page, String data) {
    CDPSession cdp = context.newCDPSession(page);
    List<String> registrations = new CopyOnWriteArrayList<>();
    List<String> seen = new CopyOnWriteArrayList<>();
    cdp.on(
        "ServiceWorker.workerRegistrationUpdated",
        event -> {
          seen.add(event.toString());
          for (JsonElement r : event.getAsJsonArray("registrations")) {
            JsonObject registration = r.getAsJsonObject();
            if (registration.get("scopeURL").getAsString().startsWith(phones.base() + "/app")
                && !registration.get("isDeleted").getAsBoolean()) {
              registrations.add(registration.get("registrationId").getAsString());
            }
          }
        });
    cdp.send("ServiceWorker.enable");
    try {
      // Playwright hands events over only while one of its calls runs: evaluate keeps them coming.
      Await.until(
          "the worker's registration",
          Duration.ofSeconds(20),
          () -> page.evaluate("() => 0") != null && !registrations.isEmpty());
    } catch (AssertionError e) {
      throw new AssertionError(e.getMessage() + "; CDP said " + seen, e);
    }
    JsonObject push = new JsonObject();
    push.addProperty("origin", phones.base());
    push.addProperty("registrationId", registrations.get(0));
    push.addProperty("data", data);
    cdp.send("ServiceWorker.deliverPushMessage", push);
  }

  /** Replaces the browser's subscribe with one that returns the local push service's. */
  private static String fakeSubscribe(LocalPushService.Subscription device) {
    return """
    (() => {
      if (!('PushManager' in self)) return;
      const json = {endpoint: '%s', expirationTime: null, keys: {p256dh: '%s', auth: '%s'}};
      PushManager.prototype.subscribe = function (options) {
        const key = new Uint8Array(options.applicationServerKey);
        sessionStorage.pushOptions = JSON.stringify({
          userVisibleOnly: options.userVisibleOnly === true,
          key: btoa(String.fromCharCode.apply(null, Array.from(key)))});
        return Promise.resolve({endpoint: json.endpoint, toJSON: () => json});
      };
    })();
    """
        .formatted(device.endpoint(), device.p256dh(), device.auth());
  }
}
