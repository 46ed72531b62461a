package io.goldpan.local;

import io.goldpan.local.aws.AwsClients;
import io.goldpan.local.aws.EmbeddedAws;
import io.micronaut.context.ApplicationContext;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.sqs.SqsClient;

/** {@code goldpan-local} without its runner: ElasticMQ, S3Proxy, H2 and the functions in-JVM. */
final class EmbeddedScenarioStack implements ScenarioStack {
  private final GoldpanLocal local;
  private final SqsClient sqs;
  private final S3Client s3;
  private final S3Presigner presigner;

  EmbeddedScenarioStack(Path dataDir, Map<String, Object> functionsOverrides) {
    LocalOptions options = TestStacks.onFreePorts(dataDir, false);
    local = GoldpanLocal.start(options, Map.of(), functionsOverrides);
    EmbeddedAws aws = local.aws();
    sqs = AwsClients.sqs(aws.sqsEndpoint(), aws.credentials());
    s3 = AwsClients.s3(aws.s3Endpoint(), aws.credentials());
    presigner =
        S3Presigner.builder()
            .region(Region.of(EmbeddedAws.REGION))
            .endpointOverride(aws.s3Endpoint())
            .credentialsProvider(
                StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(
                        aws.credentials().accessKeyId(), aws.credentials().secretAccessKey())))
            .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build())
            .build();
  }

  @Override
  public URI apiUrl() {
    return local.apiUrl();
  }

  @Override
  public String apiKey() {
    return local.apiKey();
  }

  @Override
  public ApplicationContext functions() {
    return local.functions();
  }

  @Override
  public Map<String, String> runnerVariables() {
    return local.runnerVariables();
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
    return local.runnerVariables().get("GOLDPAN_BUCKET");
  }

  @Override
  public String queueUrl(String name) {
    return sqs.getQueueUrl(r -> r.queueName(name)).queueUrl();
  }

  @Override
  public String jobsQueue() {
    return local.runnerVariables().get("GOLDPAN_JOBS_QUEUE");
  }

  @Override
  public String eventsQueue() {
    return local.runnerVariables().get("GOLDPAN_EVENTS_QUEUE");
  }

  @Override
  public boolean canStopS3() {
    return true;
  }

  @Override
  public void stopS3() {
    local.aws().stopS3();
  }

  @Override
  public void startS3() {
    local.aws().startS3();
  }

  @Override
  public void close() {
    presigner.close();
    s3.close();
    sqs.close();
    local.close();
  }
}
