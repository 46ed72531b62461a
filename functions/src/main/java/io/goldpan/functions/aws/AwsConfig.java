package io.goldpan.functions.aws;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import java.net.URI;
import java.util.Optional;

/**
 * Where the AWS APIs are and who we are to them. Endpoints are empty for real AWS and point at
 * ElasticMQ, S3Proxy or LocalStack otherwise; static keys are for emulators, real deployments use
 * the default provider chain.
 *
 * @param region AWS region, e.g. {@code eu-west-1}; empty for {@code AWS_REGION}, else {@code
 *     AWS_DEFAULT_REGION}, else {@code us-east-1}
 * @param sqsEndpoint SQS endpoint override, or empty for AWS
 * @param s3Endpoint S3 endpoint override, or empty for AWS
 * @param accessKeyId static access key id, used only together with {@code secretAccessKey}
 * @param secretAccessKey static secret access key
 */
@ConfigurationProperties("goldpan.aws")
public record AwsConfig(
    @Nullable String region,
    @Nullable String sqsEndpoint,
    @Nullable String s3Endpoint,
    @Nullable String accessKeyId,
    @Nullable String secretAccessKey) {

  public Optional<URI> sqsEndpointUri() {
    return uri(sqsEndpoint);
  }

  public Optional<URI> s3EndpointUri() {
    return uri(s3Endpoint);
  }

  /** Whether both halves of a static key pair are configured. */
  public boolean hasStaticCredentials() {
    return !isBlank(accessKeyId) && !isBlank(secretAccessKey);
  }

  private static Optional<URI> uri(String value) {
    return isBlank(value) ? Optional.empty() : Optional.of(URI.create(value.trim()));
  }

  private static boolean isBlank(String value) {
    return value == null || value.isBlank();
  }
}
