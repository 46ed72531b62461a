package io.goldpan.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.goldpan.contract.StorageKeys;
import io.goldpan.local.LocalStackFaultInjectionIT.LocalStackScenarioStack;
import io.goldpan.runner.Runner;
import io.goldpan.runner.config.RunnerConfig;
import io.goldpan.testing.Await;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The LocalStack loop as a person uses it: the functions and a runner with the demo model in this
 * JVM, on LocalStack's S3 and SQS (see {@link LocalStackTarget} for which LocalStack). A job is
 * submitted through the API and painted; its signed links serve the PNGs and a tampered one is
 * refused, as LocalStack checks signatures; a job cancelled before any runner took it is never
 * painted.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LocalStackEndToEndIT {
  static final Duration PAINT_TIMEOUT = Duration.ofSeconds(60);
  static final String PROMPT = "a lighthouse keeper's cat, watercolour";

  static LocalStackTarget target;
  static LocalStackScenarioStack stack;
  static Api api;
  static Runner runner;

  @BeforeAll
  static void start() {
    target = LocalStackTarget.find();
    stack = new LocalStackScenarioStack(target.endpoint(), LocalStackTarget.freshResources("e2e"));
    api = new Api(stack.apiUrl(), stack.apiKey());
  }

  @AfterAll
  static void stop() {
    if (runner != null) {
      runner.close();
    }
    if (stack != null) {
      stack.close();
    }
    if (target != null) {
      target.close();
    }
  }

  @Test
  @Order(1)
  void jobCancelledBeforeARunnerTookIt_staysCancelled_andIsNeverPainted() {
    String id = submit("{\"prompt\":\"never painted\",\"count\":2,\"width\":256,\"height\":256}");
    Await.until(
        "the job's message is on the jobs queue",
        PAINT_TIMEOUT,
        () -> messagesOnTheJobsQueue() == 1);

    Api.Response cancelled = api.delete("/api/jobs/" + id);
    assertThat(cancelled.status()).as(cancelled.body()).isEqualTo(200);
    assertThat(cancelled.json().path("status").asText()).isEqualTo("CANCELLED");

    runner = startRunner();
    Await.until(
        "the runner took the cancelled job's message and deleted it",
        PAINT_TIMEOUT,
        () -> messagesOnTheJobsQueue() == 0);

    assertThat(api.get("/api/jobs/" + id).json().path("status").asText()).isEqualTo("CANCELLED");
    assertThat(objectsUnder(StorageKeys.imagePrefix(id))).isZero();
  }

  @Test
  @Order(2)
  void submit_thenTheRunnerPaints_andSignedLinksServePngs_whileATamperedLinkIs403() {
    String id = submit("{\"prompt\":\"" + PROMPT + "\",\"count\":2}");

    JsonNode job = awaitTerminal(id);

    assertThat(job.path("status").asText()).as(job.toString()).isEqualTo("SUCCEEDED");
    assertThat(job.path("images")).hasSize(2);
    for (JsonNode image : job.path("images")) {
      String url = image.path("url").asText();
      assertThat(url).startsWith(target.endpoint() + "/");
      var response = Api.rawGet(url);
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(PngChunks.isPng(response.body())).isTrue();
      assertThat(PngChunks.texts(response.body()).get("parameters")).contains(PROMPT);
    }
    assertThat(objectsUnder(StorageKeys.imagePrefix(id))).isEqualTo(2);

    String url = job.path("images").get(0).path("url").asText();
    char last = url.charAt(url.length() - 1);
    String tampered = url.substring(0, url.length() - 1) + (last == 'a' ? 'b' : 'a');
    String otherImage = url.replace(StorageKeys.image(id, 0), StorageKeys.image(id, 1));
    assertThat(Api.rawGet(tampered).statusCode()).as("signature changed").isEqualTo(403);
    assertThat(Api.rawGet(otherImage).statusCode()).as("signed for another key").isEqualTo(403);
  }

  private static Runner startRunner() {
    Map<String, String> vars = new HashMap<>(stack.runnerVariables());
    vars.put(RunnerConfig.RUNNER_ID, "localstack-e2e");
    vars.put(RunnerConfig.EXECUTION_PROVIDER, "cpu");
    vars.put(RunnerConfig.POLL_WAIT, "1"); // so that closing it does not wait out a long poll
    Runner started = Runner.create(RunnerConfig.from(vars));
    started.start();
    return started;
  }

  private static String submit(String json) {
    Api.Response submitted = api.post("/api/jobs", json);
    assertThat(submitted.status()).as(submitted.body()).isEqualTo(202);
    return submitted.json().path("id").asText();
  }

  private static JsonNode awaitTerminal(String id) {
    AtomicReference<JsonNode> job = new AtomicReference<>();
    Await.until(
        "job " + id + " finishes",
        PAINT_TIMEOUT,
        () -> {
          Api.Response r = api.get("/api/jobs/" + id);
          if (r.status() != 200) {
            return false;
          }
          job.set(r.json());
          return Set.of("SUCCEEDED", "FAILED", "CANCELLED", "EXPIRED")
              .contains(job.get().path("status").asText());
        });
    return job.get();
  }

  /** Visible plus in-flight messages. */
  private static int messagesOnTheJobsQueue() {
    Map<QueueAttributeName, String> attributes =
        stack
            .sqs()
            .getQueueAttributes(
                r ->
                    r.queueUrl(stack.queueUrl(stack.jobsQueue()))
                        .attributeNames(
                            QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                            QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))
            .attributes();
    return Integer.parseInt(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
        + Integer.parseInt(
            attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
  }

  private static long objectsUnder(String prefix) {
    return stack.s3().listObjectsV2(r -> r.bucket(stack.bucket()).prefix(prefix)).contents().size();
  }
}
