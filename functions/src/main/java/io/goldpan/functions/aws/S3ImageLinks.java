package io.goldpan.functions.aws;

import io.goldpan.functions.jobs.ImageLinks;
import io.goldpan.functions.jobs.JobsConfig;
import jakarta.inject.Singleton;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.CompletionException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.IdentityProvider;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Presigns S3 GETs of image keys so that a browser can cache the images: within one {@link
 * JobsConfig#urlWindow()} every call gives the same URL for a key, signed at the window's start for
 * {@link JobsConfig#urlLifetime()}, so each URL handed out is valid for at least {@code
 * goldpan.jobs.url-ttl}. The response carries a {@code Cache-Control} that lets the browser keep
 * the image for as long as the URL lives.
 *
 * <p>The SDK's {@code S3Presigner} always signs at the current instant, so this signs the object's
 * URL with the same SigV4 signer and properties the presigner uses, but with the window's start as
 * the signing clock.
 */
@Singleton
public class S3ImageLinks implements ImageLinks {
  private final S3Client s3;
  private final IdentityProvider<? extends AwsCredentialsIdentity> credentials;
  private final String region;
  private final String bucket;
  private final Clock clock;
  private final long windowSeconds;
  private final Duration lifetime;
  private final String cacheControl;
  private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();

  public S3ImageLinks(S3Client s3, BucketConfig bucket, JobsConfig jobs, Clock clock) {
    this.s3 = s3;
    this.credentials = s3.serviceClientConfiguration().credentialsProvider();
    this.region = s3.serviceClientConfiguration().region().id();
    this.bucket = bucket.bucket();
    this.clock = clock;
    this.windowSeconds = jobs.urlWindow().toSeconds();
    this.lifetime = jobs.urlLifetime();
    // An object never changes under its key; the browser may keep it as long as the URL is valid.
    this.cacheControl = "private, max-age=" + lifetime.toSeconds() + ", immutable";
  }

  @Override
  public String presign(String key) {
    long now = clock.instant().getEpochSecond();
    Instant windowStart = Instant.ofEpochSecond(now - Math.floorMod(now, windowSeconds));
    try {
      SdkHttpRequest request =
          SdkHttpRequest.builder()
              .method(SdkHttpMethod.GET)
              .uri(s3.utilities().getUrl(r -> r.bucket(bucket).key(key)).toURI())
              .putRawQueryParameter("response-cache-control", cacheControl)
              .build();
      AwsCredentialsIdentity identity = credentials.resolveIdentity().join();
      return signer
          .sign(
              r ->
                  r.identity(identity)
                      .request(request)
                      .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "s3")
                      .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                      .putProperty(
                          AwsV4FamilyHttpSigner.AUTH_LOCATION,
                          AwsV4FamilyHttpSigner.AuthLocation.QUERY_STRING)
                      .putProperty(AwsV4FamilyHttpSigner.EXPIRATION_DURATION, lifetime)
                      .putProperty(AwsV4FamilyHttpSigner.PAYLOAD_SIGNING_ENABLED, false)
                      .putProperty(AwsV4FamilyHttpSigner.DOUBLE_URL_ENCODE, false)
                      .putProperty(AwsV4FamilyHttpSigner.NORMALIZE_PATH, false)
                      .putProperty(
                          HttpSigner.SIGNING_CLOCK, Clock.fixed(windowStart, ZoneOffset.UTC)))
          .request()
          .getUri()
          .toString();
    } catch (SdkException | CompletionException | URISyntaxException e) {
      throw new AwsCallException("cannot sign a GET of s3://" + bucket + "/" + key, e);
    }
  }
}
