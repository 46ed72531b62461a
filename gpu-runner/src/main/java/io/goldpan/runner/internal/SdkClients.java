package io.goldpan.runner.internal;

import io.goldpan.runner.config.RunnerConfig;
import io.goldpan.runner.config.StaticCredentials;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.SqsClientBuilder;

/**
 * The runner's one SQS client and one S3 client. Each call is retried by the SDK (standard
 * strategy: exponential backoff with jitter on throttling, 5xx and I/O errors) before the runner
 * sees a failure.
 */
public record SdkClients(SqsClient sqs, S3Client s3) implements AutoCloseable {
  /** Attempts per call, the first included. */
  private static final int MAX_ATTEMPTS = 4;

  /** Longer than the 20 s long poll, so a quiet queue never looks like a dead endpoint. */
  private static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(30);

  private static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(40);
  private static final Duration CALL_TIMEOUT = Duration.ofMinutes(2);

  public static SdkClients create(RunnerConfig config) {
    AwsCredentialsProvider credentials = credentials(config.credentials());
    ClientOverrideConfiguration overrides =
        ClientOverrideConfiguration.builder()
            .retryStrategy(
                AwsRetryStrategy.standardRetryStrategy().toBuilder()
                    .maxAttempts(MAX_ATTEMPTS)
                    .build())
            .apiCallAttemptTimeout(ATTEMPT_TIMEOUT)
            .apiCallTimeout(CALL_TIMEOUT)
            .build();

    SqsClientBuilder sqs =
        SqsClient.builder()
            .region(Region.of(config.region()))
            .credentialsProvider(credentials)
            .overrideConfiguration(overrides)
            .httpClientBuilder(httpClient());
    if (config.sqsEndpoint() != null) {
      sqs.endpointOverride(config.sqsEndpoint());
    }

    S3ClientBuilder s3 =
        S3Client.builder()
            .region(Region.of(config.region()))
            .credentialsProvider(credentials)
            .overrideConfiguration(overrides)
            .httpClientBuilder(httpClient());
    if (config.s3Endpoint() != null) {
      // Emulators serve buckets by path, not by virtual host, and not all of them speak the
      // SDK's default flexible checksums.
      s3.endpointOverride(config.s3Endpoint())
          .forcePathStyle(true)
          .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
          .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
    }
    SqsClient sqsClient = sqs.build();
    try {
      return new SdkClients(sqsClient, s3.build());
    } catch (RuntimeException e) {
      sqsClient.close();
      throw e;
    }
  }

  private static ApacheHttpClient.Builder httpClient() {
    return ApacheHttpClient.builder()
        .connectionTimeout(Duration.ofSeconds(5))
        .socketTimeout(SOCKET_TIMEOUT);
  }

  private static AwsCredentialsProvider credentials(StaticCredentials given) {
    if (given == null) {
      return DefaultCredentialsProvider.builder().build();
    }
    return StaticCredentialsProvider.create(
        given.sessionToken() == null
            ? AwsBasicCredentials.create(given.accessKeyId(), given.secretAccessKey())
            : AwsSessionCredentials.create(
                given.accessKeyId(), given.secretAccessKey(), given.sessionToken()));
  }

  @Override
  public void close() {
    try {
      sqs.close();
    } finally {
      s3.close();
    }
  }
}
