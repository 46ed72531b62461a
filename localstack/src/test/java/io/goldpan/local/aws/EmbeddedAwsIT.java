package io.goldpan.local.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

class EmbeddedAwsIT {
  @TempDir static Path dir;
  static EmbeddedAws aws;
  static SqsClient sqs;
  static S3Client s3;
  static S3Presigner presigner;
  static final HttpClient HTTP = HttpClient.newHttpClient();
  static final GoldpanResources RESOURCES = GoldpanResources.defaults();

  @BeforeAll
  static void start() {
    LocalCredentials credentials = LocalCredentials.generate();
    aws = EmbeddedAws.start("127.0.0.1", 0, 0, dir.resolve("s3"), credentials);
    sqs = AwsClients.sqs(aws.sqsEndpoint(), credentials);
    s3 = AwsClients.s3(aws.s3Endpoint(), credentials);
    presigner =
        S3Presigner.builder()
            .endpointOverride(aws.s3Endpoint())
            .region(Region.of(EmbeddedAws.REGION))
            .credentialsProvider(
                StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(
                        credentials.accessKeyId(), credentials.secretAccessKey())))
            .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build())
            .build();
    RESOURCES.ensure(sqs, s3);
  }

  @AfterAll
  static void stop() {
    presigner.close();
    s3.close();
    sqs.close();
    aws.close();
  }

  @Test
  void ensure_isIdempotent() {
    RESOURCES.ensure(sqs, s3);

    assertThat(sqs.listQueues().queueUrls())
        .hasSize(4)
        .anyMatch(u -> u.endsWith("/goldpan-jobs"))
        .anyMatch(u -> u.endsWith("/goldpan-jobs-dlq"));
  }

  @Test
  void presignedGet_isServed_butTamperedUnsignedOrForeignUrlsAre403() throws Exception {
    s3.putObject(b -> b.bucket("goldpan").key("images/a/0.png"), RequestBody.fromString("png-a"));
    s3.putObject(b -> b.bucket("goldpan").key("images/b/0.png"), RequestBody.fromString("png-b"));
    String url = presign("images/a/0.png");

    assertThat(get(url).statusCode()).isEqualTo(200);
    assertThat(get(url).body()).isEqualTo("png-a");

    char last = url.charAt(url.length() - 1);
    String tampered = url.substring(0, url.length() - 1) + (last == '0' ? '1' : '0');
    assertThat(get(tampered).statusCode()).isEqualTo(403);
    assertThat(get(url.substring(0, url.indexOf('?'))).statusCode()).isEqualTo(403);
    assertThat(get(url.replace("images/a/0.png", "images/b/0.png")).statusCode()).isEqualTo(403);
  }

  @Test
  void jobsQueue_movesAMessageToItsDlq_afterMaxReceiveCount() {
    String jobs = sqs.getQueueUrl(b -> b.queueName("goldpan-jobs")).queueUrl();
    String dlq = sqs.getQueueUrl(b -> b.queueName("goldpan-jobs-dlq")).queueUrl();
    sqs.sendMessage(b -> b.queueUrl(jobs).messageBody("poison"));

    for (int i = 0; i < RESOURCES.maxReceiveCount(); i++) {
      Message m = receiveOne(jobs);
      assertThat(m.body()).isEqualTo("poison");
      sqs.changeMessageVisibility(
          b -> b.queueUrl(jobs).receiptHandle(m.receiptHandle()).visibilityTimeout(0));
    }
    assertThat(sqs.receiveMessage(b -> b.queueUrl(jobs).waitTimeSeconds(1)).messages()).isEmpty();
    assertThat(receiveOne(dlq).body()).isEqualTo("poison");
  }

  private static Message receiveOne(String queueUrl) {
    var messages =
        sqs.receiveMessage(b -> b.queueUrl(queueUrl).waitTimeSeconds(5).maxNumberOfMessages(1))
            .messages();
    assertThat(messages).hasSize(1);
    return messages.get(0);
  }

  private static String presign(String key) {
    return presigner
        .presignGetObject(
            b ->
                b.signatureDuration(Duration.ofMinutes(5))
                    .getObjectRequest(g -> g.bucket("goldpan").key(key)))
        .url()
        .toString();
  }

  private static HttpResponse<String> get(String url) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(url)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void sqs_refusesUnsignedForeignSignedAndBrowserRequests_andServesTheStacksOwnClient()
      throws Exception {
    String listQueues = "{}";
    HttpRequest.Builder unsigned =
        HttpRequest.newBuilder(aws.sqsEndpoint().resolve("/"))
            .header("Content-Type", "application/x-amz-json-1.0")
            .header("X-Amz-Target", "AmazonSQS.ListQueues")
            .POST(HttpRequest.BodyPublishers.ofString(listQueues));
    assertThat(HTTP.send(unsigned.build(), HttpResponse.BodyHandlers.ofString()).statusCode())
        .as("unsigned")
        .isEqualTo(403);

    LocalCredentials stranger = LocalCredentials.generate();
    try (SqsClient foreign = AwsClients.sqs(aws.sqsEndpoint(), stranger)) {
      assertThatThrownBy(foreign::listQueues).as("another key").hasMessageContaining("403");
    }
    LocalCredentials wrongSecret =
        new LocalCredentials(aws.credentials().accessKeyId(), stranger.secretAccessKey());
    try (SqsClient forged = AwsClients.sqs(aws.sqsEndpoint(), wrongSecret)) {
      assertThatThrownBy(forged::listQueues).as("a wrong secret").hasMessageContaining("403");
    }
    try (SqsClient browserLike =
        SqsClient.builder()
            .endpointOverride(aws.sqsEndpoint())
            .region(Region.of(EmbeddedAws.REGION))
            .credentialsProvider(
                StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(
                        aws.credentials().accessKeyId(), aws.credentials().secretAccessKey())))
            .overrideConfiguration(
                o ->
                    o.putHeader("Origin", "https://evil.example")
                        .putHeader("Sec-Fetch-Site", "cross-site"))
            .build()) {
      assertThatThrownBy(browserLike::listQueues).as("browser headers").hasMessageContaining("403");
    }

    assertThat(sqs.listQueues().queueUrls())
        .as("the stack's own, signed client")
        .anyMatch(u -> u.startsWith(aws.sqsEndpoint().toString()));
  }
}
