package io.goldpan.functions.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.goldpan.contract.ImageResult;
import io.goldpan.contract.RunnerEvent;
import io.goldpan.contract.StorageKeys;
import io.goldpan.functions.auth.ApiKeys;
import io.goldpan.functions.events.JobEvents;
import io.goldpan.functions.outbox.OutboxLambdaHandler;
import io.goldpan.functions.support.Http;
import io.goldpan.testing.MutableClock;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.annotation.Property;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Webhooks end to end in the functions: submit, runner events, the sender, the receiver. */
@MicronautTest(transactional = false)
@Property(name = "datasources.default.url", value = "jdbc:h2:mem:webhooks;DB_CLOSE_DELAY=-1")
@Property(name = "goldpan.webhooks.allow-private", value = "true")
@Property(name = "goldpan.webhooks.allow-http", value = "true")
@Property(name = "goldpan.webhooks.first-retry", value = "10s")
@Property(name = "goldpan.webhooks.max-attempts", value = "3")
class WebhookDeliveryTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String RUNNER = "runner-1";

  @Inject EmbeddedServer server;
  @Inject ApiKeys apiKeys;
  @Inject JobEvents events;
  @Inject WebhookSender sender;
  @Inject MutableClock clock;
  @Inject ApplicationContext context;

  Http api;
  WebhookReceiver receiver;

  @BeforeEach
  void setUp() {
    api = new Http(server.getURI(), apiKeys.create("owner-" + UUID.randomUUID()));
    receiver = new WebhookReceiver();
  }

  @AfterEach
  void tearDown() {
    receiver.close();
  }

  @Test
  void jobRun_receiverGetsSignedStart_oneOutputPerImage_andOneCompleted() throws Exception {
    String secret = api.post("/api/webhook-secret", "").json().get("secret").asText();
    assertThat(secret).startsWith("whsec_");
    String id = submit(2, "[\"start\", \"output\", \"completed\"]");

    events.apply(RunnerEvent.started(id, RUNNER, clock.instant()));
    events.apply(RunnerEvent.started(id, RUNNER, clock.instant())); // a redelivery
    sender.sendDue();
    events.apply(RunnerEvent.progress(id, RUNNER, clock.instant(), 10, 40, images(id, 1)));
    events.apply(RunnerEvent.progress(id, RUNNER, clock.instant(), 20, 40, images(id, 1)));
    sender.sendDue();
    events.apply(RunnerEvent.progress(id, RUNNER, clock.instant(), 40, 40, images(id, 2)));
    events.apply(RunnerEvent.succeeded(id, RUNNER, clock.instant(), images(id, 2), null));
    events.apply(RunnerEvent.succeeded(id, RUNNER, clock.instant(), images(id, 2), null));
    sender.sendDue();
    sender.sendDue();

    List<WebhookReceiver.Received> got = receiver.received();
    assertThat(got)
        .extracting(WebhookReceiver.Received::event)
        .containsExactly("start", "output", "output", "completed");
    assertThat(got).allMatch(r -> WebhookReceiver.verifies(r, secret), "signed with the secret");
    assertThat(got).extracting(WebhookReceiver.Received::id).doesNotHaveDuplicates();
    assertThat(got)
        .extracting(WebhookReceiver.Received::timestamp)
        .containsOnly(Long.toString(clock.instant().getEpochSecond()));
    JsonNode start = JSON.readTree(got.get(0).body());
    assertThat(start.get("id").asText()).isEqualTo(id);
    assertThat(start.get("status").asText()).isEqualTo("RUNNING");
    JsonNode completed = JSON.readTree(got.get(3).body());
    assertThat(completed.get("status").asText()).isEqualTo("SUCCEEDED");
    assertThat(completed.get("images")).hasSize(2);
    assertThat(fieldNames(completed)).isEqualTo(fieldNames(api.get("/api/jobs/" + id).json()));

    JsonNode log = api.get("/api/jobs/" + id + "/webhooks").json();
    assertThat(log.get("url").asText()).isEqualTo(receiver.url());
    List<String> images = new ArrayList<>();
    for (JsonNode d : log.get("deliveries")) {
      assertThat(d.get("status").asText()).isEqualTo("DELIVERED");
      assertThat(d.get("log")).hasSize(1);
      assertThat(d.get("log").get(0).get("statusCode").asInt()).isEqualTo(200);
      if (d.get("event").asText().equals("output")) {
        images.add(d.get("image").asText());
      }
    }
    assertThat(images).containsExactlyInAnyOrder("0", "1");
  }

  @Test
  void onAws_theScheduledOutboxLambdaDeliversWhatIsDue() throws Exception {
    String id = submit(1, null);
    events.apply(RunnerEvent.succeeded(id, RUNNER, clock.instant(), images(id, 1), null));

    String result = new OutboxLambdaHandler(context).execute(new ScheduledEvent());

    assertThat(result).startsWith("webhooks=").contains("delivered=1");
    assertThat(receiver.received())
        .extracting(WebhookReceiver.Received::event)
        .containsExactly("completed");
  }

  @Test
  void receiverAnswers500_theSenderRetriesAfterTheBackoff_andTheLogShowsBoth() throws Exception {
    receiver.answer(500);
    String id = submit(1, null); // completed only

    events.apply(RunnerEvent.started(id, RUNNER, clock.instant()));
    events.apply(RunnerEvent.succeeded(id, RUNNER, clock.instant(), images(id, 1), null));
    assertThat(sender.sendDue().retrying()).isEqualTo(1);
    assertThat(sender.sendDue().delivered()).as("not due before the backoff").isZero();
    clock.advance(Duration.ofSeconds(10));
    assertThat(sender.sendDue().delivered()).isEqualTo(1);

    List<WebhookReceiver.Received> got = receiver.received();
    assertThat(got)
        .extracting(WebhookReceiver.Received::event)
        .containsExactly("completed", "completed");
    assertThat(got.get(0).id()).as("a retry keeps its webhook-id").isEqualTo(got.get(1).id());
    JsonNode delivery = api.get("/api/jobs/" + id + "/webhooks").json().get("deliveries").get(0);
    assertThat(delivery.get("status").asText()).isEqualTo("DELIVERED");
    assertThat(delivery.get("attempts").asInt()).isEqualTo(2);
    assertThat(delivery.get("log").findValuesAsText("statusCode")).containsExactly("500", "200");
  }

  @Test
  void receiverAlwaysFails_theEventIsGivenUpAfterMaxAttempts() throws Exception {
    receiver.answer(503, 503, 503, 503);
    String id = submit(1, null);
    api.delete("/api/jobs/" + id); // cancelled through the API: the sender's catch-up records it

    assertThat(sender.sendDue().recorded()).isEqualTo(1);
    clock.advance(Duration.ofSeconds(10));
    sender.sendDue();
    clock.advance(Duration.ofSeconds(20));
    assertThat(sender.sendDue().failed()).isEqualTo(1);
    clock.advance(Duration.ofHours(2));
    sender.sendDue();

    assertThat(receiver.received()).hasSize(3);
    assertThat(JSON.readTree(receiver.received().get(0).body()).get("status").asText())
        .isEqualTo("CANCELLED");
    JsonNode delivery = api.get("/api/jobs/" + id + "/webhooks").json().get("deliveries").get(0);
    assertThat(delivery.get("status").asText()).isEqualTo("FAILED");
    assertThat(delivery.get("log").findValuesAsText("statusCode"))
        .containsExactly("503", "503", "503");
  }

  @Test
  void rotatedSecret_signsTheNextDeliveries() {
    String first = api.post("/api/webhook-secret", "").json().get("secret").asText();
    String second = api.post("/api/webhook-secret", "").json().get("secret").asText();
    assertThat(second).isNotEqualTo(first);
    String id = submit(1, null);
    events.apply(RunnerEvent.failed(id, RUNNER, clock.instant(), "out of memory"));
    sender.sendDue();

    WebhookReceiver.Received got = receiver.received().get(0);
    assertThat(WebhookReceiver.verifies(got, second)).isTrue();
    assertThat(WebhookReceiver.verifies(got, first)).isFalse();
  }

  @Test
  void deliveryLog_ofAnotherOwnersJob_isNotFound() {
    String id = submit(1, null);
    Http other = api.as(apiKeys.create("other-" + UUID.randomUUID()));
    assertThat(other.get("/api/jobs/" + id + "/webhooks").status()).isEqualTo(404);
  }

  private String submit(int count, String events) {
    String body =
        "{\"prompt\": \"a lighthouse\", \"count\": "
            + count
            + ", \"webhook\": \""
            + receiver.url()
            + "\""
            + (events == null ? "" : ", \"webhookEvents\": " + events)
            + "}";
    Http.Response response = api.post("/api/jobs", body);
    assertThat(response.status()).as("%s", response.json()).isEqualTo(202);
    return response.json().get("id").asText();
  }

  private static List<ImageResult> images(String id, int n) {
    List<ImageResult> list = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      list.add(new ImageResult(i, 7 + i, StorageKeys.image(id, i), null, 512, 512));
    }
    return list;
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
