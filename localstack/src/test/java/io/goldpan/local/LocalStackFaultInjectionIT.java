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
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The fault-injection scenarios against real LocalStack: the one at {@code
 * GOLDPAN_TEST_LOCALSTACK_ENDPOINT} (CI starts one with {@code localstack/host/start}), else the
 * pinned image through Testcontainers where Docker runs; see {@link LocalStackTarget}. The
 * scenarios get a bucket and queues of their own, deleted afterwards, so they can run again and
 * again against one LocalStack, beside the init hook's resources and a dev loop.
 */
class LocalStackFaultInjectionIT extends FaultInjectionScenarios {
  static LocalStackTarget target;
  static LocalStackScenarioStack stack;

  @BeforeAll
  static void start() {
    target = LocalStackTarget.find();
    stack =
        new LocalStackScenarioStack(target.endpoint(), LocalStackTarget.freshResources("faults"));
  }

  @AfterAll
  static void stop() {
    if (stack != null) {
      stack.close();
    }
    if (target != null) {
      target.close();
    }
  }

  @Override
  ScenarioStack stack() {
    return stack;
  }

  /**
   * The functions in this JVM (H2 in memory) on LocalStack's SQS and S3, with the bucket and queues
   * of {@code resources}, which it creates and, on close, deletes. S3 cannot be stopped.
   */
  static final class LocalStackScenarioStack implements ScenarioStack {
    private final URI endpoint;
    private final LocalCredentials credentials = LocalStackTarget.CREDENTIALS;
    private final GoldpanResources resources;
    private final SqsClient sqs;
    private final S3Client s3;
    private final S3Presigner presigner;
    private final ApplicationContext functions;
    private final URI apiUrl;
    private final String apiKey;

    LocalStackScenarioStack(URI endpoint, GoldpanResources resources) {
      this.endpoint = endpoint;
      this.resources = resources;
      sqs = AwsClients.sqs(endpoint, credentials);
      s3 = AwsClients.s3(endpoint, credentials);
      resources.ensure(sqs, s3);
      presigner =
          S3Presigner.builder()
              .region(LocalStackTarget.REGION)
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
      props.put(
          "datasources.default.url", "jdbc:h2:mem:" + resources.bucket() + ";DB_CLOSE_DELAY=-1");
      props.put("goldpan.aws.region", LocalStackTarget.REGION.id());
      props.put("goldpan.aws.sqs-endpoint", endpoint.toString());
      props.put("goldpan.aws.s3-endpoint", endpoint.toString());
      props.put("goldpan.aws.access-key-id", credentials.accessKeyId());
      props.put("goldpan.aws.secret-access-key", credentials.secretAccessKey());
      props.put("goldpan.queues.jobs", resources.jobsQueue());
      props.put("goldpan.queues.events", resources.eventsQueue());
      props.put(
          "goldpan.jobs-dead-letter.queue",
          GoldpanResources.deadLetterQueue(resources.jobsQueue()));
      props.put("goldpan.jobs-dead-letter.max-receive-count", resources.maxReceiveCount());
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
      vars.put("GOLDPAN_AWS_REGION", LocalStackTarget.REGION.id());
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
      LocalStackTarget.delete(resources, sqs, s3);
      presigner.close();
      s3.close();
      sqs.close();
    }
  }
}
