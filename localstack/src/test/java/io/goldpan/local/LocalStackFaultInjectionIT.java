package io.goldpan.local;

import io.goldpan.functions.Application;
import io.goldpan.functions.auth.ApiKeys;
import io.goldpan.local.aws.AwsClients;
import io.goldpan.local.aws.FreePorts;
import io.goldpan.local.aws.GoldpanResources;
import io.goldpan.local.aws.LocalCredentials;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.testcontainers.containers.localstack.LocalStackContainer;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.utility.DockerImageName;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The fault-injection scenarios against real LocalStack in Docker; skipped where there is no Docker
 * engine. The tag is pinned: tags after 4.x's community builds need {@code LOCALSTACK_AUTH_TOKEN}
 * (since 2026-03). Signature validation is on, so presigned URLs are really checked.
 */
@Testcontainers(disabledWithoutDocker = true)
class LocalStackFaultInjectionIT extends FaultInjectionScenarios {
  static final DockerImageName IMAGE = DockerImageName.parse("localstack/localstack:4.4");

  @Container
  static final LocalStackContainer LOCALSTACK =
      new LocalStackContainer(IMAGE)
          .withServices(LocalStackContainer.Service.S3, LocalStackContainer.Service.SQS)
          .withEnv("S3_SKIP_SIGNATURE_VALIDATION", "0");

  static LocalStackScenarioStack stack;

  @BeforeAll
  static void start() {
    stack = new LocalStackScenarioStack(LOCALSTACK);
  }

  @AfterAll
  static void stop() {
    if (stack != null) {
      stack.close();
    }
  }

  @Override
  ScenarioStack stack() {
    return stack;
  }

  /** The functions in this JVM (H2 in memory) on LocalStack's SQS and S3; S3 cannot be stopped. */
  static final class LocalStackScenarioStack implements ScenarioStack {
    private final URI endpoint;
    private final LocalCredentials credentials;
    private final GoldpanResources resources = GoldpanResources.defaults();
    private final SqsClient sqs;
    private final S3Client s3;
    private final S3Presigner presigner;
    private final ApplicationContext functions;
    private final URI apiUrl;
    private final String apiKey;

    LocalStackScenarioStack(LocalStackContainer localstack) {
      endpoint = localstack.getEndpoint();
      credentials = new LocalCredentials(localstack.getAccessKey(), localstack.getSecretKey());
      sqs = AwsClients.sqs(endpoint, credentials);
      s3 = AwsClients.s3(endpoint, credentials);
      resources.ensure(sqs, s3);
      presigner =
          S3Presigner.builder()
              .region(Region.of(localstack.getRegion()))
              .endpointOverride(endpoint)
              .credentialsProvider(
                  StaticCredentialsProvider.create(
                      AwsBasicCredentials.create(
                          credentials.accessKeyId(), credentials.secretAccessKey())))
              .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build())
              .build();
      int port = FreePorts.pick("127.0.0.1");
      Map<String, Object> props = new LinkedHashMap<>();
      props.put("micronaut.server.host", "127.0.0.1");
      props.put("micronaut.server.port", port);
      props.put("datasources.default.url", "jdbc:h2:mem:localstack-faults;DB_CLOSE_DELAY=-1");
      props.put("goldpan.aws.region", localstack.getRegion());
      props.put("goldpan.aws.sqs-endpoint", endpoint.toString());
      props.put("goldpan.aws.s3-endpoint", endpoint.toString());
      props.put("goldpan.aws.access-key-id", credentials.accessKeyId());
      props.put("goldpan.aws.secret-access-key", credentials.secretAccessKey());
      props.put("goldpan.queues.jobs", resources.jobsQueue());
      props.put("goldpan.queues.events", resources.eventsQueue());
      props.put(
          "goldpan.jobs-dead-letter.queue",
          GoldpanResources.deadLetterQueue(resources.jobsQueue()));
      props.put("goldpan.bucket", resources.bucket());
      props.putAll(FUNCTIONS_OVERRIDES);
      functions =
          ApplicationContext.builder().mainClass(Application.class).properties(props).start();
      functions.getBean(EmbeddedServer.class).start();
      apiUrl = URI.create("http://127.0.0.1:" + port);
      apiKey = functions.getBean(ApiKeys.class).create("me");
    }

    @Override
    public URI apiUrl() {
      return apiUrl;
    }

    @Override
    public String apiKey() {
      return apiKey;
    }

    @Override
    public ApplicationContext functions() {
      return functions;
    }

    @Override
    public Map<String, String> runnerVariables() {
      Map<String, String> vars = new LinkedHashMap<>();
      vars.put("GOLDPAN_AWS_ENDPOINT", endpoint.toString());
      vars.put("GOLDPAN_AWS_REGION", Region.US_EAST_1.id());
      vars.put("AWS_ACCESS_KEY_ID", credentials.accessKeyId());
      vars.put("AWS_SECRET_ACCESS_KEY", credentials.secretAccessKey());
      vars.put("GOLDPAN_JOBS_QUEUE", resources.jobsQueue());
      vars.put("GOLDPAN_EVENTS_QUEUE", resources.eventsQueue());
      vars.put("GOLDPAN_BUCKET", resources.bucket());
      return vars;
    }

    @Override
    public SqsClient sqs() {
      return sqs;
    }

    @Override
    public S3Client s3() {
      return s3;
    }

    @Override
    public S3Presigner presigner() {
      return presigner;
    }

    @Override
    public String bucket() {
      return resources.bucket();
    }

    @Override
    public String queueUrl(String name) {
      return sqs.getQueueUrl(r -> r.queueName(name)).queueUrl();
    }

    @Override
    public String jobsQueue() {
      return resources.jobsQueue();
    }

    @Override
    public String eventsQueue() {
      return resources.eventsQueue();
    }

    @Override
    public boolean canStopS3() {
      return false;
    }

    @Override
    public void stopS3() {
      throw new UnsupportedOperationException("LocalStack's S3 cannot be stopped on its own");
    }

    @Override
    public void startS3() {}

    @Override
    public void close() {
      functions.close();
      presigner.close();
      s3.close();
      sqs.close();
    }
  }
}
