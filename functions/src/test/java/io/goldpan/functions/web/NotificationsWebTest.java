package io.goldpan.functions.web;

import static io.goldpan.functions.support.Browser.form;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.goldpan.functions.auth.ApiKeys;
import io.goldpan.functions.push.VapidKeys;
import io.goldpan.functions.support.Browser;
import io.goldpan.functions.webhooks.WebhookSecrets;
import io.goldpan.testing.LocalPushService;
import io.goldpan.testing.MutableClock;
import io.micronaut.context.annotation.Property;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.net.http.HttpResponse;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Notifications page: subscribing a device, bounded input, listing, removing, owners. */
@MicronautTest(transactional = false)
@Property(name = "datasources.default.url", value = "jdbc:h2:mem:push-web;DB_CLOSE_DELAY=-1")
@Property(name = "goldpan.webhooks.allow-private", value = "true")
@Property(name = "goldpan.webhooks.allow-http", value = "true")
@Property(name = "goldpan.push.max-devices", value = "2")
class NotificationsWebTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Inject EmbeddedServer server;
  @Inject ApiKeys apiKeys;
  @Inject VapidKeys vapid;
  @Inject MutableClock clock;

  @Inject WebhookSecrets webhookSecrets;

  String owner;
  Browser browser;
  LocalPushService push;

  @BeforeEach
  void setUp() {
    owner = "n-" + UUID.randomUUID();
    browser = new Browser(server.getURI()).signIn(apiKeys.create(owner));
    push = new LocalPushService(vapid.publicKey(), clock);
  }

  @AfterEach
  void tearDown() {
    push.close();
  }

  @Test
  void newWebhookSecret_isShownOnceAfterTheRedirect_andAReloadNeitherShowsItNorMakesAnother() {
    HttpResponse<String> made = browser.post("/app/notifications/webhook-secret", "");

    assertThat(made.statusCode()).isEqualTo(303);
    assertThat(made.headers().firstValue("Location")).hasValue("/app/notifications#webhook-secret");
    assertThat(made.body()).doesNotContain("whsec_");
    String page = browser.get("/app/notifications").body();
    Matcher shown =
        Pattern.compile("<code class=\"secret\">(whsec_[A-Za-z0-9+/=]+)</code>").matcher(page);
    assertThat(shown.find()).as(page).isTrue();
    String secret = shown.group(1);
    assertThat(webhookSecrets.forOwner(owner)).isEqualTo(secret);

    String reloaded = browser.get("/app/notifications").body();
    assertThat(reloaded).doesNotContain(secret).doesNotContain("class=\"secret\"");
    assertThat(webhookSecrets.forOwner(owner)).isEqualTo(secret);
    assertThat(browser.post("/app/notifications/webhook-secret", "", false).statusCode())
        .as("without the CSRF token")
        .isEqualTo(403);
    assertThat(webhookSecrets.forOwner(owner)).isEqualTo(secret);
  }

  @Test
  void page_carriesTheVapidKey_andIsLinkedFromTheFooter() {
    HttpResponse<String> page = browser.get("/app/notifications");

    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body())
        .contains("data-key=\"" + vapid.publicKey() + "\"")
        .contains("No device gets notifications yet.")
        .contains("iOS 16.4");
    assertThat(browser.get("/app").body()).contains("href=\"/app/notifications\"");
  }

  @Test
  void subscribe_storesTheDevice_whichIsListed_andCanBeRemoved() throws Exception {
    LocalPushService.Subscription s = push.subscribe();

    HttpResponse<String> created =
        subscribe("Pixel in the kitchen", s.endpoint(), s.p256dh(), s.auth());

    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    String id = JSON.readTree(created.body()).get("id").asText();
    String page = browser.get("/app/notifications").body();
    assertThat(page)
        .contains("Pixel in the kitchen")
        .contains("via 127.0.0.1")
        .doesNotContain(s.endpoint());
    HttpResponse<String> removed = browser.post("/app/notifications/devices/" + id + "/remove", "");
    assertThat(removed.statusCode()).isEqualTo(303);
    assertThat(browser.get("/app/notifications").body()).doesNotContain("Pixel in the kitchen");
  }

  @Test
  void sameBrowserSubscribingAgain_replacesItsRow() {
    LocalPushService.Subscription s = push.subscribe();
    subscribe("old name", s.endpoint(), s.p256dh(), s.auth());

    assertThat(subscribe("new name", s.endpoint(), s.p256dh(), s.auth()).statusCode())
        .isEqualTo(201);

    String page = browser.get("/app/notifications").body();
    assertThat(page).contains("new name").doesNotContain("old name");
  }

  @Test
  void badInput_is400_namingTheField() throws Exception {
    LocalPushService.Subscription s = push.subscribe();
    String longName = "x".repeat(65);
    String tooLong = "https://push.example/" + "a".repeat(2048);

    assertRefused(subscribe(longName, s.endpoint(), s.p256dh(), s.auth()), "device", "64");
    assertRefused(subscribe("", "", s.p256dh(), s.auth()), "endpoint", "required");
    assertRefused(subscribe("", tooLong, s.p256dh(), s.auth()), "endpoint", "2048");
    assertRefused(subscribe("", "ftp://push.example/x", s.p256dh(), s.auth()), "endpoint", "http");
    assertRefused(subscribe("", s.endpoint(), s.auth(), s.auth()), "p256dh", "65 bytes");
    assertRefused(subscribe("", s.endpoint(), "not base64!", s.auth()), "p256dh", "base64url");
    String offCurve = "B" + s.p256dh().substring(1, 86) + (s.p256dh().endsWith("A") ? "B" : "A");
    assertRefused(subscribe("", s.endpoint(), offCurve, s.auth()), "p256dh", "P-256");
    assertRefused(subscribe("", s.endpoint(), s.p256dh(), s.p256dh()), "auth", "16 bytes");
    assertThat(browser.get("/app/notifications").body())
        .contains("No device gets notifications yet.");
  }

  @Test
  void moreDevicesThanAllowed_isRefusedNamingTheCap() throws Exception {
    for (int i = 0; i < 2; i++) {
      LocalPushService.Subscription s = push.subscribe();
      assertThat(subscribe("d" + i, s.endpoint(), s.p256dh(), s.auth()).statusCode())
          .isEqualTo(201);
    }
    LocalPushService.Subscription third = push.subscribe();

    assertRefused(
        subscribe("d2", third.endpoint(), third.p256dh(), third.auth()), "devices", "at most 2");
  }

  @Test
  void anotherOwnersDevice_cannotBeRemoved_andIsNotListed() throws Exception {
    LocalPushService.Subscription s = push.subscribe();
    String id =
        JSON.readTree(subscribe("mine", s.endpoint(), s.p256dh(), s.auth()).body())
            .get("id")
            .asText();
    Browser other = new Browser(server.getURI()).signIn(apiKeys.create("o-" + UUID.randomUUID()));

    assertThat(other.get("/app/notifications").body()).doesNotContain("mine");
    assertThat(other.post("/app/notifications/devices/" + id + "/remove", "").statusCode())
        .isEqualTo(404);
    assertThat(browser.get("/app/notifications").body()).contains("mine");
  }

  @Test
  void subscribeWithoutTheCsrfToken_isRefused() {
    LocalPushService.Subscription s = push.subscribe();

    HttpResponse<String> refused =
        browser.post(
            "/app/notifications/devices",
            form("endpoint", s.endpoint(), "p256dh", s.p256dh(), "auth", s.auth()),
            false);

    assertThat(refused.statusCode()).isEqualTo(403);
  }

  private HttpResponse<String> subscribe(
      String device, String endpoint, String p256dh, String auth) {
    return browser.post(
        "/app/notifications/devices",
        form("device", device, "endpoint", endpoint, "p256dh", p256dh, "auth", auth));
  }

  private static void assertRefused(HttpResponse<String> response, String field, String words)
      throws Exception {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
    JsonNode body = JSON.readTree(response.body());
    assertThat(body.get("field").asText()).isEqualTo(field);
    assertThat(body.get("message").asText()).startsWith(field + ": ").contains(words);
  }
}
