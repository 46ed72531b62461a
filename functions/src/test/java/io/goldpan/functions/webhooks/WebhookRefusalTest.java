package io.goldpan.functions.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.goldpan.contract.RunnerEvent;
import io.goldpan.functions.auth.ApiKeys;
import io.goldpan.functions.events.JobEvents;
import io.goldpan.functions.support.FakeDns;
import io.goldpan.functions.support.Http;
import io.goldpan.testing.MutableClock;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** With the defaults (https only, public addresses only) webhook URLs are checked (SSRF). */
@MicronautTest(transactional = false)
class WebhookRefusalTest {
  @Inject EmbeddedServer server;
  @Inject ApiKeys apiKeys;
  @Inject FakeDns dns;
  @Inject JobEvents events;
  @Inject WebhookSender sender;
  @Inject MutableClock clock;

  Http api;

  @BeforeEach
  void setUp() {
    api = new Http(server.getURI(), apiKeys.create("owner-" + UUID.randomUUID()));
    dns.put("internal.example.test", "10.1.2.3");
  }

  @ParameterizedTest
  @CsvSource({
    "https://127.0.0.1/hook, loopback",
    "https://127.0.0.1:8443/hook, loopback",
    "https://2130706433/hook, loopback",
    "https://[::1]/hook, loopback",
    "https://169.254.169.254/latest/meta-data/, link-local",
    "https://internal.example.test/hook, private",
    "https://192.168.1.10/hook, private",
    "https://[fd00::1]/hook, ULA",
    "https://[fe80::1]/hook, link-local",
    "https://100.64.0.1/hook, CGNAT",
    "https://0.0.0.0/hook, unspecified",
    "https://224.0.0.1/hook, multicast",
    "https://[::ffff:10.0.0.1]/hook, private",
    "http://example.com/hook, https",
    "https://nowhere.example.test/hook, does not resolve",
    "ftp://example.com/hook, https",
    "https://user:pw@example.com/hook, user name"
  })
  void submit_withAWebhookThatIsNotPublicHttps_is400NamingWebhook(String url, String reason) {
    Http.Response response =
        api.post("/api/jobs", "{\"prompt\": \"a lighthouse\", \"webhook\": \"" + url + "\"}");

    assertThat(response.status()).isEqualTo(400);
    JsonNode fields = response.json().get("fields");
    assertThat(fields).hasSize(1);
    assertThat(fields.get(0).get("field").asText()).isEqualTo("webhook");
    assertThat(fields.get(0).get("message").asText()).contains(reason);
    assertThat(api.get("/api/jobs").json().get("jobs")).as("nothing stored").isEmpty();
  }

  @Test
  void submit_withATooLongWebhookOrUnknownEvents_is400NamingTheField() {
    String longUrl = "https://example.com/" + "a".repeat(2048);
    assertField("{\"prompt\": \"x\", \"webhook\": \"" + longUrl + "\"}", "webhook");
    assertField(
        "{\"prompt\": \"x\", \"webhook\": \"https://example.com/h\", \"webhookEvents\":"
            + " [\"finished\"]}",
        "webhookEvents");
    assertField(
        "{\"prompt\": \"x\", \"webhook\": \"https://example.com/h\", \"webhookEvents\":"
            + " [\"start\", \"start\"]}",
        "webhookEvents");
    assertField("{\"prompt\": \"x\", \"webhookEvents\": [\"start\"]}", "webhookEvents");
  }

  @Test
  void hostThatResolvesToAPrivateAddressAfterSubmit_isRefusedAtDelivery() {
    dns.put("rebind.example.test", "93.184.215.14");
    Http.Response response =
        api.post(
            "/api/jobs",
            "{\"prompt\": \"a lighthouse\", \"webhook\": \"https://rebind.example.test/hook\"}");
    assertThat(response.status()).isEqualTo(202);
    String id = response.json().get("id").asText();
    dns.put("rebind.example.test", "127.0.0.1");

    events.apply(RunnerEvent.failed(id, "runner-1", clock.instant(), "out of memory"));
    sender.sendDue();

    JsonNode attempt =
        api.get("/api/jobs/" + id + "/webhooks").json().get("deliveries").get(0).get("log").get(0);
    assertThat(attempt.get("statusCode").isNull()).isTrue();
    assertThat(attempt.get("error").asText()).startsWith("refused:").contains("loopback");
  }

  private void assertField(String body, String field) {
    Http.Response response = api.post("/api/jobs", body);
    assertThat(response.status()).isEqualTo(400);
    List<String> fields = new ArrayList<>();
    response.json().get("fields").forEach(f -> fields.add(f.get("field").asText()));
    assertThat(fields).containsExactly(field);
  }
}
