package io.goldpan.functions.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.goldpan.contract.Contract;
import io.goldpan.contract.JobLimits;
import io.goldpan.contract.JobMessage;
import io.goldpan.functions.auth.ApiKeys;
import io.goldpan.functions.support.Http;
import io.goldpan.functions.support.RecordingJobQueue;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@MicronautTest(transactional = false)
class JobSubmitTest {
  @Inject EmbeddedServer server;
  @Inject ApiKeys apiKeys;
  @Inject RecordingJobQueue queue;
  @Inject JobRepository jobs;

  String owner;
  Http api;

  @BeforeEach
  void setUp() {
    queue.failSends(false);
    owner = "owner-" + UUID.randomUUID();
    api = new Http(server.getURI(), apiKeys.create(owner));
  }

  @Test
  void submit_withOnlyAPrompt_returns202_storesAndSendsTheJobWithDefaultsAndASeed() {
    Http.Response response = api.post("/api/jobs", "{\"prompt\":\"a gnome in a teacup\"}");

    assertThat(response.status()).isEqualTo(202);
    JsonNode view = response.json();
    String id = view.get("id").asText();
    assertThat(response.header("Location")).isEqualTo("/api/jobs/" + id);
    assertThat(view.get("status").asText()).isEqualTo("QUEUED");
    assertThat(view.get("count").asInt()).isEqualTo(JobLimits.COUNT_DEFAULT);
    assertThat(view.get("width").asInt()).isEqualTo(JobLimits.SIZE_DEFAULT);
    assertThat(view.get("steps").asInt()).isEqualTo(JobLimits.STEPS_DEFAULT);
    assertThat(view.get("guidance").asDouble()).isEqualTo(JobLimits.GUIDANCE_DEFAULT);
    assertThat(view.get("model").asText()).isEqualTo("demo");
    assertThat(view.get("images")).isEmpty();
    assertThat(view.has("progress")).isTrue();
    assertThat(view.get("progress").isNull()).isTrue();

    List<JobMessage> sent = queue.sentFor(id);
    assertThat(sent).hasSize(1);
    JobMessage message = sent.get(0);
    assertThat(JobLimits.problems(message)).isEmpty();
    assertThat(Contract.parseJob(Contract.toJson(message))).isEqualTo(message);
    assertThat(message.parameters().seed())
        .isEqualTo(view.get("seed").asLong())
        .isBetween(0L, JobLimits.SEED_MAX);
    assertThat(message.parameters().prompt()).isEqualTo("a gnome in a teacup");
    Job stored = jobs.findById(id).orElseThrow();
    assertThat(stored.owner()).isEqualTo(owner);
    assertThat(stored.enqueuedAt()).isNotNull();
    assertThat(stored.deadlineAt())
        .isEqualTo(stored.createdAt().plus(java.time.Duration.ofHours(24)));
    assertThat(message.deadline()).isEqualTo(stored.deadlineAt());
  }

  @Test
  void submit_withJsonLabelledAsAForm_asCurlDashDSendsIt_isAccepted() {
    Http.Response response =
        api.send(
            api.builder("/api/jobs")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(
                    java.net.http.HttpRequest.BodyPublishers.ofString(
                        "{\"prompt\":\"a=b&c\",\"count\":2}")));

    assertThat(response.status()).isEqualTo(202);
    assertThat(response.json().get("prompt").asText()).isEqualTo("a=b&c");
    assertThat(queue.sentFor(response.json().get("id").asText())).hasSize(1);
  }

  @Test
  void submit_withARealFormBody_returns400SayingTheBodyIsNotJson() {
    Http.Response response =
        api.send(
            api.builder("/api/jobs")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("prompt=a+cat&count=2")));

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.json().get("message").asText()).contains("not valid JSON");
  }

  @Test
  void submit_withEveryField_keepsThemAll() {
    Http.Response response =
        api.post(
            "/api/jobs",
            """
            {"prompt":"a fox\\nin snow","negativePrompt":"blurry","count":2,"seed":42,
             "width":768,"height":256,"steps":4,"guidance":0,"model":"sd-turbo",
             "scheduler":"euler_a"}
            """);

    assertThat(response.status()).isEqualTo(202);
    JobMessage message = queue.sentFor(response.json().get("id").asText()).get(0);
    assertThat(message)
        .extracting(
            (JobMessage m) -> m.parameters().prompt(),
            (JobMessage m) -> m.parameters().negativePrompt(),
            (JobMessage m) -> m.parameters().count(),
            (JobMessage m) -> m.parameters().seed(),
            (JobMessage m) -> m.parameters().width(),
            (JobMessage m) -> m.parameters().height(),
            (JobMessage m) -> m.parameters().steps(),
            (JobMessage m) -> m.parameters().guidance(),
            (JobMessage m) -> m.parameters().model(),
            (JobMessage m) -> m.parameters().scheduler())
        .containsExactly(
            "a fox\nin snow", "blurry", 2, 42L, 768, 256, 4, 0.0, "sd-turbo", "euler_a");
  }

  @Test
  void submit_withDecoderFast_sendsIt_andKeepsItForTheResend() {
    Http.Response response = api.post("/api/jobs", "{\"prompt\":\"x\",\"decoder\":\"fast\"}");

    assertThat(response.status()).isEqualTo(202);
    String id = response.json().get("id").asText();
    JobMessage message = queue.sentFor(id).get(0);
    assertThat(message.parameters().decoder()).isEqualTo("fast");
    assertThat(io.goldpan.contract.Contract.toJson(message)).contains("\"decoder\":\"fast\"");
    assertThat(api.get("/api/jobs/" + id).raw().body()).contains("\"decoder\":\"fast\"");
  }

  @Test
  void submit_withDecoderFullOrNone_sendsNoDecoder() {
    for (String body :
        new String[] {"{\"prompt\":\"x\",\"decoder\":\"full\"}", "{\"prompt\":\"x\"}"}) {
      Http.Response response = api.post("/api/jobs", body);

      assertThat(response.status()).isEqualTo(202);
      JobMessage message = queue.sentFor(response.json().get("id").asText()).get(0);
      assertThat(message.parameters().decoder()).isNull();
      assertThat(message.parameters().fastDecoder()).isFalse();
    }
  }

  @Test
  void submit_withAnUnknownDecoder_returns400NamingTheField() {
    Http.Response response = api.post("/api/jobs", "{\"prompt\":\"x\",\"decoder\":\"tiny\"}");

    assertThat(response.status()).isEqualTo(400);
    JsonNode field = response.json().get("fields").get(0);
    assertThat(field.get("field").asText()).isEqualTo("decoder");
    assertThat(field.get("message").asText()).isEqualTo("must be full or fast");
    assertNothingStored();
  }

  @Test
  void submit_withASchedulerPeopleKnow_sendsItsCanonicalName() {
    Http.Response response =
        api.post("/api/jobs", "{\"prompt\":\"x\",\"scheduler\":\"DPM++_2M_Karras\"}");

    assertThat(response.status()).isEqualTo(202);
    JobMessage message = queue.sentFor(response.json().get("id").asText()).get(0);
    assertThat(message.parameters().scheduler()).isEqualTo("dpmpp_2m_karras");
  }

  @Test
  void submit_withAnUnknownScheduler_returns400NamingTheFieldAndTheAcceptedNames() {
    Http.Response response = api.post("/api/jobs", "{\"prompt\":\"x\",\"scheduler\":\"heun\"}");

    assertThat(response.status()).isEqualTo(400);
    JsonNode field = response.json().get("fields").get(0);
    assertThat(field.get("field").asText()).isEqualTo("scheduler");
    assertThat(field.get("message").asText())
        .contains("unknown scheduler", "euler_a", "pndm", "dpmpp_2m_karras", "euler_karras");
    assertNothingStored();
  }

  @Test
  void submit_whenQueueFails_stillReturns202_andLeavesTheJobForTheSweeper() {
    queue.failSends(true);

    Http.Response response = api.post("/api/jobs", "{\"prompt\":\"x\"}");

    assertThat(response.status()).isEqualTo(202);
    Job stored = jobs.findById(response.json().get("id").asText()).orElseThrow();
    assertThat(stored.status()).isEqualTo(JobStatus.QUEUED);
    assertThat(stored.enqueuedAt()).isNull();
  }

  static Stream<Arguments> badBodies() {
    String longPrompt = "a".repeat(JobLimits.PROMPT_MAX_CHARS + 1);
    return Stream.of(
        Arguments.of("{\"count\":\"four\",\"prompt\":\"x\"}", List.of("count")),
        Arguments.of("{\"count\":2.5,\"prompt\":\"x\"}", List.of("count")),
        Arguments.of("{\"count\":0,\"prompt\":\"x\"}", List.of("count")),
        Arguments.of("{\"count\":17,\"prompt\":\"x\"}", List.of("count")),
        Arguments.of("{\"prompt\":7}", List.of("prompt")),
        Arguments.of("{\"prompt\":\"\"}", List.of("prompt")),
        Arguments.of("{\"prompt\":\"   \"}", List.of("prompt")),
        Arguments.of("{}", List.of("prompt")),
        Arguments.of("{\"prompt\":null}", List.of("prompt")),
        Arguments.of("{\"prompt\":\"" + longPrompt + "\"}", List.of("prompt")),
        Arguments.of("{\"prompt\":\"bell\\u0007\"}", List.of("prompt")),
        Arguments.of(
            "{\"prompt\":\"x\",\"negativePrompt\":\"\\u001b[31m\"}", List.of("negativePrompt")),
        Arguments.of("{\"prompt\":\"x\",\"negativePrompt\":[]}", List.of("negativePrompt")),
        Arguments.of("{\"prompt\":\"x\",\"width\":500}", List.of("width")),
        Arguments.of("{\"prompt\":\"x\",\"width\":192}", List.of("width")),
        Arguments.of("{\"prompt\":\"x\",\"height\":2048}", List.of("height")),
        Arguments.of("{\"prompt\":\"x\",\"height\":\"512\"}", List.of("height")),
        Arguments.of("{\"prompt\":\"x\",\"steps\":0}", List.of("steps")),
        Arguments.of("{\"prompt\":\"x\",\"steps\":151}", List.of("steps")),
        Arguments.of("{\"prompt\":\"x\",\"guidance\":31}", List.of("guidance")),
        Arguments.of("{\"prompt\":\"x\",\"guidance\":-0.5}", List.of("guidance")),
        Arguments.of("{\"prompt\":\"x\",\"guidance\":\"high\"}", List.of("guidance")),
        Arguments.of("{\"prompt\":\"x\",\"seed\":-1}", List.of("seed")),
        Arguments.of("{\"prompt\":\"x\",\"seed\":9007199254740992}", List.of("seed")),
        Arguments.of("{\"prompt\":\"x\",\"seed\":1e3}", List.of("seed")),
        Arguments.of("{\"prompt\":\"x\",\"model\":\"dalle\"}", List.of("model")),
        Arguments.of("{\"prompt\":\"x\",\"model\":3}", List.of("model")),
        Arguments.of("{\"prompt\":\"x\",\"scheduler\":\"Euler A\"}", List.of("scheduler")),
        Arguments.of("{\"prompt\":\"x\",\"scheduler\":\"heun\"}", List.of("scheduler")),
        Arguments.of("{\"prompt\":\"x\",\"scheduler\":7}", List.of("scheduler")),
        Arguments.of(
            "{\"prompt\":\"x\",\"scheduler\":\"" + "e".repeat(33) + "\"}", List.of("scheduler")),
        Arguments.of("{\"prompt\":\"x\",\"cout\":4}", List.of("cout")),
        Arguments.of(
            "{\"prompt\":\"\",\"count\":\"four\",\"width\":100,\"model\":\"x\",\"extra\":true}",
            List.of("prompt", "count", "width", "model", "extra")));
  }

  @ParameterizedTest
  @MethodSource("badBodies")
  void submit_whenFieldsAreInvalid_returns400NamingEachField_andStoresNothing(
      String body, List<String> fields) {
    Http.Response response = api.post("/api/jobs", body);

    assertThat(response.status()).isEqualTo(400);
    JsonNode json = response.json();
    assertThat(json.get("error").asText()).isEqualTo("invalid_request");
    assertThat(fieldNames(json)).containsExactlyInAnyOrderElementsOf(fields);
    json.get("fields").forEach(f -> assertThat(f.get("message").asText()).isNotBlank());
    assertNothingStored();
  }

  @Test
  void submit_whenPromptTooLong_returns400NamingPromptAndTheLimit() {
    String body = "{\"prompt\":\"" + "a".repeat(JobLimits.PROMPT_MAX_CHARS + 1) + "\"}";

    JsonNode json = api.post("/api/jobs", body).json();

    assertThat(json.get("fields").get(0).get("field").asText()).isEqualTo("prompt");
    assertThat(json.get("fields").get(0).get("message").asText())
        .contains("at most " + JobLimits.PROMPT_MAX_CHARS);
  }

  static Stream<Arguments> textsSqsCannotCarry() {
    return Stream.of(
        Arguments.of(
            "{\"prompt\":\"a \\ud800 fox\"}",
            "prompt",
            "must not contain a lone surrogate U+D800 (at position 2): an SQS message cannot carry"
                + " it"),
        Arguments.of(
            "{\"prompt\":\"\\udfff\"}",
            "prompt",
            "must not contain a lone surrogate U+DFFF (at position 0): an SQS message cannot carry"
                + " it"),
        Arguments.of(
            "{\"prompt\":\"fox\\ufffe\"}",
            "prompt",
            "must not contain U+FFFE (at position 3): an SQS message cannot carry it"),
        Arguments.of(
            "{\"prompt\":\"x\",\"negativePrompt\":\"\\uffff\"}",
            "negativePrompt",
            "must not contain U+FFFF (at position 0): an SQS message cannot carry it"));
  }

  @ParameterizedTest
  @MethodSource("textsSqsCannotCarry")
  void submit_whenTextHoldsCharactersSqsCannotCarry_returns400NamingTheField_andStoresNothing(
      String body, String field, String message) {
    Http.Response response = api.post("/api/jobs", body);

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.json().get("fields").get(0).get("field").asText()).isEqualTo(field);
    assertThat(response.json().get("fields").get(0).get("message").asText()).isEqualTo(message);
    assertNothingStored();
  }

  @Test
  void submit_withCharactersBeyondTheBasicPlane_isAccepted() {
    Http.Response response = api.post("/api/jobs", "{\"prompt\":\"a \\ud83e\\udd8a, \ue000\"}");

    assertThat(response.status()).isEqualTo(202);
    assertThat(queue.sentFor(response.json().get("id").asText()).get(0).parameters().prompt())
        .isEqualTo("a \ud83e\udd8a, \ue000");
  }

  @Test
  void submit_whenCountIsAWord_saysItMustBeAnInteger() {
    JsonNode json = api.post("/api/jobs", "{\"prompt\":\"x\",\"count\":\"four\"}").json();

    assertThat(json.get("fields").get(0).get("message").asText())
        .isEqualTo("must be an integer from 1 to 16");
  }

  @Test
  void submit_whenModelIsUnknown_listsTheAvailableModels() {
    JsonNode json = api.post("/api/jobs", "{\"prompt\":\"x\",\"model\":\"dalle\"}").json();

    assertThat(json.get("fields").get(0).get("message").asText())
        .contains("dalle")
        .contains("available: demo, sd-turbo");
  }

  @Test
  void submit_whenFieldIsMisspelt_saysUnknownField() {
    JsonNode json = api.post("/api/jobs", "{\"prompt\":\"x\",\"cout\":4}").json();

    assertThat(json.get("fields").get(0).get("message").asText()).isEqualTo("unknown field");
  }

  @Test
  void submit_whenBodyIsNotJson_returns400WithEmptyFields() {
    for (String body : List.of("{\"prompt\":", "prompt=x", "{\"prompt\":\"x\"} trailing", "")) {
      Http.Response response = api.post("/api/jobs", body);

      assertThat(response.status()).as(body).isEqualTo(400);
      assertThat(response.json().get("error").asText()).isEqualTo("invalid_request");
      assertThat(response.json().get("message").asText()).startsWith("body is not valid JSON: ");
      assertThat(response.json().get("fields")).isEmpty();
    }
    assertNothingStored();
  }

  @Test
  void submit_whenBodyIsNotAnObject_returns400() {
    Http.Response response = api.post("/api/jobs", "[{\"prompt\":\"x\"}]");

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.json().get("message").asText()).isEqualTo("body must be a JSON object");
    assertNothingStored();
  }

  @Test
  void submit_whenBodyIsHuge_isRefusedBeforeParsing() {
    String body = "{\"prompt\":\"" + "a".repeat(100_000) + "\"}";

    Http.Response response = api.post("/api/jobs", body);

    assertThat(response.status()).isEqualTo(413);
    assertNothingStored();
  }

  private void assertNothingStored() {
    assertThat(api.get("/api/jobs").json().get("jobs")).isEmpty();
    assertThat(queue.sent())
        .noneMatch(m -> jobs.findById(m.jobId()).map(j -> j.owner().equals(owner)).orElse(false));
  }

  private static List<String> fieldNames(JsonNode json) {
    List<String> names = new ArrayList<>();
    json.get("fields").forEach(f -> names.add(f.get("field").asText()));
    return names;
  }
}
