package io.goldpan.local.aws;

import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/** SDK clients pointed at the embedded emulators, for provisioning and for tests. */
public final class AwsClients {
  private AwsClients() {}

  public static SqsClient sqs(URI endpoint, LocalCredentials credentials) {
    return SqsClient.builder()
        .endpointOverride(endpoint)
        .region(Region.of(EmbeddedAws.REGION))
        .credentialsProvider(provider(credentials))
        .httpClientBuilder(ApacheHttpClient.builder().socketTimeout(Duration.ofSeconds(30)))
        .overrideConfiguration(c -> c.apiCallTimeout(Duration.ofSeconds(40)))
        .build();
  }

  public static S3Client s3(URI endpoint, LocalCredentials credentials) {
    return S3Client.builder()
        .endpointOverride(endpoint)
        .region(Region.of(EmbeddedAws.REGION))
        .credentialsProvider(provider(credentials))
        .forcePathStyle(true)
        .httpClientBuilder(ApacheHttpClient.builder())
        .overrideConfiguration(c -> c.apiCallTimeout(Duration.ofSeconds(30)))
        .build();
  }

  private static StaticCredentialsProvider provider(LocalCredentials credentials) {
    return StaticCredentialsProvider.create(
        AwsBasicCredentials.create(credentials.accessKeyId(), credentials.secretAccessKey()));
  }
}
