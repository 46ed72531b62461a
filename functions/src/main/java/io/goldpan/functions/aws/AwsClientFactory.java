package io.goldpan.functions.aws;

import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.core.annotation.Nullable;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Arrays;
import java.util.function.Function;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/**
 * One SQS client and one S3 client per process, closed on shutdown; {@link S3ImageLinks} signs
 * image URLs with the S3 client's endpoint, region and credentials. The HTTP read timeout and the
 * attempt timeout both exceed SQS's 20 s long poll.
 */
@Factory
public class AwsClientFactory {
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
  private static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration CALL_TIMEOUT = Duration.ofSeconds(60);

  private final AwsConfig config;
  private final Region region;
  private final AwsCredentialsProvider credentials;

  @Inject
  public AwsClientFactory(AwsConfig config) {
    this(config, System::getenv);
  }

  /** With {@code env} standing in for the process environment. */
  AwsClientFactory(AwsConfig config, Function<String, String> env) {
    this.config = config;
    this.region = region(config.region(), env);
    this.credentials =
        config.hasStaticCredentials()
            ? StaticCredentialsProvider.create(
                AwsBasicCredentials.create(config.accessKeyId(), config.secretAccessKey()))
            : DefaultCredentialsProvider.builder().build();
  }

  @Singleton
  @Bean(preDestroy = "close")
  public SqsClient sqsClient() {
    var builder =
        SqsClient.builder()
            .region(region)
            .credentialsProvider(credentials)
            .httpClientBuilder(httpClient())
            .overrideConfiguration(timeouts());
    config.sqsEndpointUri().ifPresent(builder::endpointOverride);
    return builder.build();
  }

  @Singleton
  @Bean(preDestroy = "close")
  public S3Client s3Client() {
    var builder =
        S3Client.builder()
            .region(region)
            .credentialsProvider(credentials)
            .httpClientBuilder(httpClient())
            .overrideConfiguration(timeouts())
            .forcePathStyle(true);
    config
        .s3EndpointUri()
        .ifPresent(
            endpoint ->
                // Not every emulator speaks the SDK's default flexible checksums; as the runner.
                builder
                    .endpointOverride(endpoint)
                    .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                    .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED));
    return builder.build();
  }

  /**
   * {@code goldpan.aws.region}, else {@code AWS_REGION} (Lambda sets it), else {@code
   * AWS_DEFAULT_REGION}, else us-east-1: the runner's order, so both sides meet in one region.
   */
  static Region region(@Nullable String configured, Function<String, String> env) {
    for (String candidate :
        Arrays.asList(configured, env.apply("AWS_REGION"), env.apply("AWS_DEFAULT_REGION"))) {
      if (candidate != null && !candidate.isBlank()) {
        return Region.of(candidate.strip());
      }
    }
    return Region.US_EAST_1;
  }

  /** The SDK does not close credential providers it was handed, so the factory does. */
  @PreDestroy
  void closeCredentials() {
    if (credentials instanceof SdkAutoCloseable closeable) {
      closeable.close();
    }
  }

  private static ApacheHttpClient.Builder httpClient() {
    return ApacheHttpClient.builder()
        .connectionTimeout(CONNECT_TIMEOUT)
        .socketTimeout(SOCKET_TIMEOUT)
        .maxConnections(50);
  }

  private static ClientOverrideConfiguration timeouts() {
    return ClientOverrideConfiguration.builder()
        .apiCallAttemptTimeout(ATTEMPT_TIMEOUT)
        .apiCallTimeout(CALL_TIMEOUT)
        .build();
  }
}
