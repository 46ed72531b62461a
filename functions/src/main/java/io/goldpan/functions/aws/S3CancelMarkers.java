package io.goldpan.functions.aws;

import io.goldpan.contract.StorageKeys;
import io.goldpan.functions.jobs.CancelMarkers;
import jakarta.inject.Singleton;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/** Writes empty cancel-marker objects to the bucket. */
@Singleton
public class S3CancelMarkers implements CancelMarkers {
  private final S3Client s3;
  private final String bucket;

  public S3CancelMarkers(S3Client s3, BucketConfig bucket) {
    this.s3 = s3;
    this.bucket = bucket.bucket();
  }

  @Override
  public void write(String jobId) {
    String key = StorageKeys.cancelMarker(jobId);
    try {
      s3.putObject(r -> r.bucket(bucket).key(key), RequestBody.empty());
    } catch (SdkException e) {
      throw new AwsCallException(
          "S3 PutObject of the cancel marker failed for jobId=" + jobId + ": " + e.getMessage(), e);
    }
  }
}
