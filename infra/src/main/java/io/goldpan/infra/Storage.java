package io.goldpan.infra;

import java.util.List;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.s3.BlockPublicAccess;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketEncryption;
import software.amazon.awscdk.services.s3.CorsRule;
import software.amazon.awscdk.services.s3.HttpMethods;
import software.amazon.awscdk.services.s3.LifecycleRule;
import software.amazon.awscdk.services.s3.ObjectOwnership;
import software.constructs.Construct;

/**
 * The private image bucket: {@code images/}, {@code thumbs/} and {@code cancel/} markers, reachable
 * only through presigned URLs over TLS.
 */
public final class Storage extends Construct {

  /** Longer than the jobs queue keeps a message, so a marker outlives every job it could cancel. */
  public static final Duration CANCEL_MARKER_LIFETIME = Duration.days(3);

  private final Bucket bucket;

  public Storage(Construct scope, String id, GoldpanSettings settings) {
    super(scope, id);
    this.bucket =
        Bucket.Builder.create(this, "Bucket")
            .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
            .encryption(BucketEncryption.S3_MANAGED)
            .enforceSsl(true)
            .objectOwnership(ObjectOwnership.BUCKET_OWNER_ENFORCED)
            .removalPolicy(
                settings.destroyOnDelete() ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN)
            .autoDeleteObjects(settings.destroyOnDelete())
            .lifecycleRules(
                List.of(
                    LifecycleRule.builder()
                        .id("abort-incomplete-uploads")
                        .abortIncompleteMultipartUploadAfter(Duration.days(1))
                        .build(),
                    LifecycleRule.builder()
                        .id("expire-cancel-markers")
                        .prefix("cancel/")
                        .expiration(CANCEL_MARKER_LIFETIME)
                        .build()))
            // Images and thumbnails have no expiry rule: the sweeper deletes a discarded image
            // and its thumbnail 14 days after the discard (goldpan.sweeper.discarded-grace),
            // since only the database knows when, and whether, an image was discarded.
            .build();
  }

  public Bucket bucket() {
    return bucket;
  }

  /**
   * Lets the gallery page at {@code origin} fetch images through presigned URLs (plain {@code
   * <img>} tags need no CORS; a download or canvas does).
   */
  public void allowGalleryOrigin(String origin) {
    bucket.addCorsRule(
        CorsRule.builder()
            .allowedMethods(List.of(HttpMethods.GET, HttpMethods.HEAD))
            .allowedOrigins(List.of(origin))
            .maxAge(3600)
            .build());
  }
}
