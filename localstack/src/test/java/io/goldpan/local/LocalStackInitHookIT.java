package io.goldpan.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.goldpan.local.aws.AwsClients;
import io.goldpan.local.aws.GoldpanResources;
import io.goldpan.testing.Prerequisites;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The LocalStack init hook ({@code init/ready.d/10-goldpan-resources.sh}) run twice against
 * LocalStack, as on a restart with another {@code GOLDPAN_MAX_RECEIVE_COUNT}: the second run says
 * only that the resources are ready, and the redrive policies carry the new count. Needs {@code
 * awslocal}: {@code GOLDPAN_TEST_AWSLOCAL} (what {@code localstack/host/start} prints) or the PATH.
 */
class LocalStackInitHookIT {
  static final Path HOOK = Path.of("init/ready.d/10-goldpan-resources.sh");

  static LocalStackTarget target;
  static Path awslocal;
  static SqsClient sqs;
  static S3Client s3;
  static GoldpanResources resources = LocalStackTarget.freshResources("hook");

  @TempDir Path output;

  @BeforeAll
  static void start() {
    target = LocalStackTarget.find();
    awslocal = findAwslocal();
    Prerequisites.require(
        awslocal != null,
        LocalStackTarget.REQUIRED_BY,
        "no awslocal to run the init hook with: set GOLDPAN_TEST_AWSLOCAL (localstack/host/start"
            + " prints it) or put awslocal on the PATH");
    sqs = AwsClients.sqs(target.endpoint(), LocalStackTarget.CREDENTIALS);
    s3 = AwsClients.s3(target.endpoint(), LocalStackTarget.CREDENTIALS);
  }

  @AfterAll
  static void stop() {
    if (sqs != null) {
      LocalStackTarget.delete(resources, sqs, s3);
      sqs.close();
      s3.close();
    }
    if (target != null) {
      target.close();
    }
  }

  @Test
  void runAgainWithAnotherMaxReceiveCount_isQuiet_andUpdatesBothRedrivePolicies() throws Exception {
    Run first = runHook(3);
    assertThat(first.exitCode()).as(first.stderr()).isZero();
    assertThat(redriveCount(resources.jobsQueue())).isEqualTo("3");

    Run again = runHook(5);

    assertThat(again.exitCode()).as(again.stderr()).isZero();
    assertThat(again.stdout())
        .isEqualTo(
            "goldpan: bucket "
                + resources.bucket()
                + ", queues "
                + resources.jobsQueue()
                + " and "
                + resources.eventsQueue()
                + " (+ -dlq, maxReceiveCount 5) ready\n");
    for (String queue : List.of(resources.jobsQueue(), resources.eventsQueue())) {
      assertThat(redriveCount(queue)).as(queue).isEqualTo("5");
      assertThat(attribute(queue, QueueAttributeName.REDRIVE_POLICY))
          .contains(
              attribute(GoldpanResources.deadLetterQueue(queue), QueueAttributeName.QUEUE_ARN));
      assertThat(
              attribute(
                  GoldpanResources.deadLetterQueue(queue),
                  QueueAttributeName.MESSAGE_RETENTION_PERIOD))
          .isEqualTo("1209600");
    }
    assertThat(attribute(resources.jobsQueue(), QueueAttributeName.VISIBILITY_TIMEOUT))
        .isEqualTo("60");
    assertThat(attribute(resources.eventsQueue(), QueueAttributeName.VISIBILITY_TIMEOUT))
        .isEqualTo("30");
    s3.headBucket(b -> b.bucket(resources.bucket()));
  }

  record Run(int exitCode, String stdout, String stderr) {}

  private Run runHook(int maxReceiveCount) throws IOException, InterruptedException {
    assertThat(HOOK).as("the hook, from the localstack module's directory").isRegularFile();
    Path stdout = Files.createTempFile(output, "hook", ".out");
    Path stderr = Files.createTempFile(output, "hook", ".err");
    ProcessBuilder builder =
        new ProcessBuilder("bash", HOOK.toString())
            .redirectOutput(stdout.toFile())
            .redirectError(stderr.toFile());
    Map<String, String> env = builder.environment();
    List.of("AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_REGION", "AWS_CONFIG_FILE")
        .forEach(env::remove);
    env.put("PATH", awslocal.getParent() + File.pathSeparator + env.getOrDefault("PATH", ""));
    env.put("AWS_ENDPOINT_URL", target.endpoint().toString());
    env.put("AWS_ACCESS_KEY_ID", LocalStackTarget.CREDENTIALS.accessKeyId());
    env.put("AWS_SECRET_ACCESS_KEY", LocalStackTarget.CREDENTIALS.secretAccessKey());
    env.put("AWS_DEFAULT_REGION", LocalStackTarget.REGION.id());
    env.put("DISABLE_DEPRECATION_NOTICE", "1");
    env.put("GOLDPAN_BUCKET", resources.bucket());
    env.put("GOLDPAN_JOBS_QUEUE", resources.jobsQueue());
    env.put("GOLDPAN_EVENTS_QUEUE", resources.eventsQueue());
    env.put("GOLDPAN_MAX_RECEIVE_COUNT", Integer.toString(maxReceiveCount));
    Process process = builder.start();
    if (!process.waitFor(2, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new AssertionError(
          "the hook did not finish within 2 minutes: " + Files.readString(stderr));
    }
    return new Run(process.exitValue(), Files.readString(stdout), Files.readString(stderr));
  }

  private static String redriveCount(String queue) {
    String policy = attribute(queue, QueueAttributeName.REDRIVE_POLICY);
    return policy.replaceAll(".*\"maxReceiveCount\":\\s*\"?(\\d+)\"?.*", "$1");
  }

  private static String attribute(String queue, QueueAttributeName name) {
    String url = sqs.getQueueUrl(r -> r.queueName(queue)).queueUrl();
    return sqs.getQueueAttributes(r -> r.queueUrl(url).attributeNames(name)).attributes().get(name);
  }

  private static Path findAwslocal() {
    String configured = System.getenv("GOLDPAN_TEST_AWSLOCAL");
    if (configured != null && !configured.isBlank()) {
      Path path = Path.of(configured.strip());
      return Files.isExecutable(path) ? path : null;
    }
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      Path candidate = Path.of(dir).resolve("awslocal");
      if (!dir.isEmpty() && Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    return null;
  }
}
