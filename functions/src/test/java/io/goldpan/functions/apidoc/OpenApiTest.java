package io.goldpan.functions.apidoc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.goldpan.contract.Sampler;
import io.goldpan.functions.auth.ApiKeys;
import io.goldpan.functions.support.Http;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The served OpenAPI description and the submit validation agree: every bound the schema states is
 * probed just outside (a 400 naming the field) and on its edge (a 202), and every documented
 * example is accepted.
 */
@MicronautTest(transactional = false)
class OpenApiTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Inject EmbeddedServer server;
  @Inject ApiKeys apiKeys;

  Http api;

  @BeforeEach
  void setUp() {
    api = new Http(server.getURI(), apiKeys.create("owner-" + UUID.randomUUID()));
  }

  @Test
  void document_withoutAKey_is401() {
    assertThat(api.as("nope").get("/api/openapi.yml").status()).isEqualTo(401);
  }

  @Test
  void document_isServedAsYaml_andDescribesTheJobsApi() {
    Http.Response response = api.get("/api/openapi.yml");

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.header("Content-Type")).startsWith("application/yaml");
    JsonNode doc = document();
    assertThat(
            doc.at("/paths/~1api~1jobs/post/requestBody/content/application~1json/schema/$ref")
                .asText())
        .isEqualTo("#/components/schemas/JobSubmission");
    assertThat(doc.at("/paths").has("/api/jobs/{id}")).isTrue();
    assertThat(doc.at("/paths").has("/api/jobs/{id}/webhooks")).isTrue();
    assertThat(doc.at("/paths").has("/api/webhook-secret")).isTrue();
    assertThat(doc.at("/paths").has("/app")).isFalse();
    assertThat(doc.at("/paths").has("/api/openapi.yml")).isFalse();
  }

  @Test
  void everyDocumentedExample_isAccepted() {
    JsonNode examples =
        document().at("/paths/~1api~1jobs/post/requestBody/content/application~1json/examples");
    assertThat(examples.size()).isGreaterThanOrEqualTo(2);
    for (Iterator<Map.Entry<String, JsonNode>> it = examples.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> example = it.next();
      Http.Response response = api.post("/api/jobs", example.getValue().get("value").toString());
      assertThat(response.status())
          .as("example %s: %s", example.getKey(), response.json())
          .isEqualTo(202);
    }
  }

  @Test
  void numberBounds_justOutsideAre400NamingTheField_andTheEdgesAreAccepted() {
    JsonNode properties = submission().get("properties");
    List<String> probed = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = properties.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      String field = entry.getKey();
      JsonNode schema = entry.getValue();
      if (!schema.has("minimum") || !schema.has("maximum")) {
        continue;
      }
      probed.add(field);
      BigDecimal min = schema.get("minimum").decimalValue();
      BigDecimal max = schema.get("maximum").decimalValue();
      BigDecimal step =
          schema.has("multipleOf") ? schema.get("multipleOf").decimalValue() : BigDecimal.ONE;
      BigDecimal outside =
          "number".equals(schema.get("type").asText()) ? new BigDecimal("0.5") : BigDecimal.ONE;
      boolean exclusiveMin = schema.path("exclusiveMinimum").asBoolean(false);
      assertRejected(field, with(field, exclusiveMin ? min : min.subtract(outside)));
      assertRejected(field, with(field, max.add(outside)));
      // strength is accepted only beside init, a stored picture (JobImageToImageTest has those)
      if (!field.equals("strength")) {
        assertAccepted(with(field, min));
        assertAccepted(with(field, max));
      }
      if (step.compareTo(BigDecimal.ONE) > 0) {
        assertRejected(field, with(field, min.add(step.divide(BigDecimal.valueOf(2)))));
      }
    }
    assertThat(probed)
        .contains("count", "seed", "width", "height", "steps", "guidance", "strength");
  }

  @Test
  void textBounds_oneCharacterTooLongIs400NamingTheField() {
    JsonNode properties = submission().get("properties");
    List<String> probed = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = properties.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      JsonNode schema = entry.getValue();
      if (schema.has("maxLength")) {
        probed.add(entry.getKey());
        int max = schema.get("maxLength").asInt();
        assertRejected(entry.getKey(), with(entry.getKey(), "a".repeat(max + 1)));
      }
    }
    assertThat(probed).contains("prompt", "negativePrompt", "model");
    ObjectNode longest = base();
    longest.put("prompt", "a".repeat(properties.get("prompt").get("maxLength").asInt()));
    assertAccepted(longest);
    assertRejected("prompt", with("prompt", ""));
  }

  @Test
  void schedulerEnum_isTheSamplerList_everyNameIsAccepted_andAnotherIs400() {
    JsonNode scheduler = submission().at("/properties/scheduler");
    List<String> names = new ArrayList<>();
    scheduler.get("enum").forEach(name -> names.add(name.asText()));

    assertThat(names).containsExactlyElementsOf(Sampler.names());
    for (String name : names) {
      assertAccepted(with("scheduler", name));
    }
    assertRejected("scheduler", with("scheduler", "heun_the_unknown"));
  }

  @Test
  void webhookEventsEnum_everyEventIsAccepted_andAnotherIs400() {
    JsonNode items = submission().at("/properties/webhookEvents/items/enum");
    assertThat(items).isNotEmpty();
    for (JsonNode event : items) {
      ObjectNode body = with("webhook", "https://example.com/hooks/goldpan");
      body.putArray("webhookEvents").add(event.asText());
      assertAccepted(body);
    }
    ObjectNode unknown = with("webhook", "https://example.com/hooks/goldpan");
    unknown.putArray("webhookEvents").add("finished");
    assertRejected("webhookEvents", unknown);
  }

  @Test
  void requiredFields_andNoOtherProperties_areEnforced() {
    JsonNode submission = submission();
    assertThat(submission.get("additionalProperties").asBoolean()).isFalse();
    for (JsonNode required : submission.get("required")) {
      ObjectNode body = base();
      body.remove(required.asText());
      assertRejected(required.asText(), body);
    }
    assertRejected("colour", with("colour", "gold"));
  }

  private void assertRejected(String field, ObjectNode body) {
    Http.Response response = api.post("/api/jobs", body.toString());
    assertThat(response.status()).as("%s should be refused", body).isEqualTo(400);
    List<String> fields = new ArrayList<>();
    response.json().get("fields").forEach(f -> fields.add(f.get("field").asText()));
    assertThat(fields).as("%s", response.json()).containsExactly(field);
  }

  private void assertAccepted(ObjectNode body) {
    Http.Response response = api.post("/api/jobs", body.toString());
    assertThat(response.status()).as("%s: %s", body, response.json()).isEqualTo(202);
  }

  private static ObjectNode base() {
    ObjectNode body = JSON.createObjectNode();
    body.put("prompt", "a lighthouse at dusk");
    body.put("count", 1);
    return body;
  }

  private static ObjectNode with(String field, BigDecimal value) {
    ObjectNode body = base();
    body.put(field, value);
    return body;
  }

  private static ObjectNode with(String field, String value) {
    ObjectNode body = base();
    body.put(field, value);
    return body;
  }

  private JsonNode submission() {
    return document().at("/components/schemas/JobSubmission");
  }

  private JsonNode document() {
    Http.Response response = api.get("/api/openapi.yml");
    assertThat(response.status()).isEqualTo(200);
    Object yaml = new Yaml().load(response.raw().body());
    return JSON.valueToTree(yaml);
  }
}
