package io.goldpan.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.goldpan.testing.Await;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A job painted by the embedded stack's runner tells a local receiver: start once, one output per
 * image, completed once, each signed with the owner's secret.
 */
class EmbeddedWebhookIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dataDir;

  record Received(String event, String id, String timestamp, String signature, String body) {}

  @Test
  void paintedJob_sendsSignedStart_anOutputPerImage_andCompleted() throws Exception {
    List<Received> received = new CopyOnWriteArrayList<>();
    HttpServer receiver =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    receiver.createContext(
        "/hook",
        exchange -> {
          var h = exchange.getRequestHeaders();
          received.add(
              new Received(
                  h.getFirst("goldpan-webhook-event"),
                  h.getFirst("webhook-id"),
                  h.getFirst("webhook-timestamp"),
                  h.getFirst("webhook-signature"),
                  new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
          exchange.sendResponseHeaders(204, -1);
          exchange.close();
        });
    receiver.start();
    String hook = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
    try (GoldpanLocal stack =
        GoldpanLocal.start(
            TestStacks.onFreePorts(dataDir, true),
            Map.of(),
            Map.of(
                "goldpan.webhooks.allow-private", "true",
                "goldpan.webhooks.allow-http", "true",
                "goldpan.webhooks.interval", "200ms"))) {
      Api api = new Api(stack.apiUrl(), stack.apiKey());
      String secret = api.post("/api/webhook-secret", "").json().get("secret").asText();
      Api.Response submitted =
          api.post(
              "/api/jobs",
              "{\"prompt\": \"gold in the river\", \"count\": 3, \"webhook\": \""
                  + hook
                  + "\", \"webhookEvents\": [\"start\", \"output\", \"completed\"]}");
      assertThat(submitted.status()).as(submitted.body()).isEqualTo(202);
      String id = submitted.json().get("id").asText();

      Await.until(
          "the completed webhook",
          Duration.ofSeconds(60),
          () -> received.stream().anyMatch(r -> "completed".equals(r.event())));
      api.awaitJson(
          "/api/jobs/" + id + "/webhooks",
          log -> {
            for (JsonNode d : log.get("deliveries")) {
              if (!d.get("status").asText().equals("DELIVERED")) {
                return false;
              }
            }
            return log.get("deliveries").size() == 5;
          },
          Duration.ofSeconds(30));

      assertThat(received).extracting(Received::event).filteredOn("start"::equals).hasSize(1);
      assertThat(received).extracting(Received::event).filteredOn("output"::equals).hasSize(3);
      assertThat(received).extracting(Received::event).filteredOn("completed"::equals).hasSize(1);
      assertThat(received).allMatch(r -> verifies(r, secret), "signed with the owner's secret");
      JsonNode completed =
          JSON.readTree(
              received.stream()
                  .filter(r -> "completed".equals(r.event()))
                  .findFirst()
                  .get()
                  .body());
      assertThat(completed.get("id").asText()).isEqualTo(id);
      assertThat(completed.get("status").asText()).isEqualTo("SUCCEEDED");
      assertThat(completed.get("images")).hasSize(3);
    } finally {
      receiver.stop(0);
    }
  }

  private static boolean verifies(Received r, String secret) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(
          new SecretKeySpec(
              Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256"));
      byte[] expected =
          mac.doFinal(
              (r.id() + "." + r.timestamp() + "." + r.body()).getBytes(StandardCharsets.UTF_8));
      return r.signature().startsWith("v1,")
          && MessageDigest.isEqual(
              expected, Base64.getDecoder().decode(r.signature().substring(3)));
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
