package io.goldpan.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.goldpan.local.aws.GoldpanResources;
import io.goldpan.local.aws.LocalCredentials;
import io.goldpan.testing.Prerequisites;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.localstack.LocalStackContainer;
import org.testcontainers.utility.DockerImageName;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;

/**
 * The LocalStack the LocalStack tests run against: the one at {@value #ENDPOINT_VARIABLE} (what
 * {@code localstack/host/start} prints; CI sets it), else a container of the pinned image where
 * Docker runs, else none, and the test skips, or fails when {@value #REQUIRED_BY} is {@code true}.
 * Signature validation is on either way, so presigned URLs are really checked.
 */
final class LocalStackTarget implements AutoCloseable {
  static final String ENDPOINT_VARIABLE = "GOLDPAN_TEST_LOCALSTACK_ENDPOINT";
  static final String REQUIRED_BY = "GOLDPAN_REQUIRE_LOCALSTACK";

  /** Tags after 4.x's community builds need {@code LOCALSTACK_AUTH_TOKEN} (since 2026-03). */
  static final DockerImageName IMAGE = DockerImageName.parse("localstack/localstack:4.4");

  /** What LocalStack accepts by convention; another key id would select another account. */
  static final LocalCredentials CREDENTIALS = new LocalCredentials("test", "test");

  static final Region REGION = Region.US_EAST_1;

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI endpoint;
  private final LocalStackContainer container;

  private LocalStackTarget(URI endpoint, LocalStackContainer container) {
    this.endpoint = endpoint;
    this.container = container;
  }

  /** Finds a LocalStack with S3 and SQS, or skips (or fails) the calling test. */
  static LocalStackTarget find() {
    String configured = System.getenv(ENDPOINT_VARIABLE);
    if (configured != null && !configured.isBlank()) {
      URI endpoint = URI.create(configured.strip());
      Optional<String> problem = unhealthy(endpoint);
      Prerequisites.require(
          problem.isEmpty(),
          REQUIRED_BY,
          "no LocalStack with S3 and SQS at "
              + endpoint
              + " ("
              + ENDPOINT_VARIABLE
              + "): "
              + problem.orElse("")
              + "; localstack/host/start starts one");
      return new LocalStackTarget(endpoint, null);
    }
    Prerequisites.require(
        DockerClientFactory.instance().isDockerAvailable(),
        REQUIRED_BY,
        "no LocalStack: start one with localstack/host/start and set "
            + ENDPOINT_VARIABLE
            + " to the URL it prints, or run a Docker engine for Testcontainers");
    LocalStackContainer container =
        new LocalStackContainer(IMAGE)
            .withServices(LocalStackContainer.Service.S3, LocalStackContainer.Service.SQS)
            .withEnv("S3_SKIP_SIGNATURE_VALIDATION", "0");
    container.start();
    return new LocalStackTarget(container.getEndpoint(), container);
  }

  URI endpoint() {
    return endpoint;
  }

  /**
   * A bucket and queues of their own for one test class, named {@code goldpan-PURPOSE-RANDOM...}:
   * never those of the init hook or of a dev loop on the same LocalStack, never those of an earlier
   * run. Their maxReceiveCount is the functions' default, 3.
   */
  static GoldpanResources freshResources(String purpose) {
    byte[] random = new byte[4];
    RANDOM.nextBytes(random);
    String prefix = "goldpan-" + purpose + "-" + HexFormat.of().formatHex(random);
    return new GoldpanResources(prefix, prefix + "-jobs", prefix + "-events", 3, 60);
  }

  /** Deletes the queues (with their dead-letter queues) and the bucket with what it holds. */
  static void delete(GoldpanResources resources, SqsClient sqs, S3Client s3) {
    for (String queue : List.of(resources.jobsQueue(), resources.eventsQueue())) {
      for (String name : List.of(queue, GoldpanResources.deadLetterQueue(queue))) {
        try {
          String url = sqs.getQueueUrl(r -> r.queueName(name)).queueUrl();
          sqs.deleteQueue(r -> r.queueUrl(url));
        } catch (QueueDoesNotExistException gone) {
          // never created, or deleted already
        }
      }
    }
    try {
      List<S3Object> objects;
      do {
        objects = s3.listObjectsV2(r -> r.bucket(resources.bucket())).contents();
        if (!objects.isEmpty()) {
          List<ObjectIdentifier> keys =
              objects.stream().map(o -> ObjectIdentifier.builder().key(o.key()).build()).toList();
          s3.deleteObjects(r -> r.bucket(resources.bucket()).delete(d -> d.objects(keys)));
        }
      } while (!objects.isEmpty());
      s3.deleteBucket(r -> r.bucket(resources.bucket()));
    } catch (NoSuchBucketException gone) {
      // never created, or deleted already
    }
  }

  /** Why {@code endpoint} is no LocalStack serving S3 and SQS, or empty when it is one. */
  private static Optional<String> unhealthy(URI endpoint) {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    try {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(endpoint.resolve("/_localstack/health"))
                  .timeout(Duration.ofSeconds(5))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        return Optional.of("its health endpoint answers " + response.statusCode());
      }
      JsonNode services = JSON.readTree(response.body()).path("services");
      for (String service : List.of("s3", "sqs")) {
        String state = services.path(service).asText("missing");
        if (!state.equals("running") && !state.equals("available")) {
          return Optional.of(service + " is " + state);
        }
      }
      return Optional.empty();
    } catch (IOException e) {
      return Optional.of(e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.of("interrupted");
    }
  }

  /** Stops the container if this started one; a LocalStack found at the endpoint is left alone. */
  @Override
  public void close() {
    if (container != null) {
      container.stop();
    }
  }
}
