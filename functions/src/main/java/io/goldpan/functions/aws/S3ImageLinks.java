package io.goldpan.functions.aws;

import io.goldpan.functions.jobs.ImageLinks;
import io.goldpan.functions.jobs.JobsConfig;
import jakarta.inject.Singleton;
import java.time.Duration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/** Presigns S3 GETs of image keys in the bucket, valid for {@code goldpan.jobs.url-ttl}. */
@Singleton
public class S3ImageLinks implements ImageLinks {
  private final S3Presigner presigner;
  private final String bucket;
  private final Duration ttl;

  public S3ImageLinks(S3Presigner presigner, BucketConfig bucket, JobsConfig jobs) {
    this.presigner = presigner;
    this.bucket = bucket.bucket();
    this.ttl = jobs.urlTtl();
  }

  @Override
  public String presign(String key) {
    return presigner
        .presignGetObject(
            r -> r.signatureDuration(ttl).getObjectRequest(g -> g.bucket(bucket).key(key)))
        .url()
        .toString();
  }
}
