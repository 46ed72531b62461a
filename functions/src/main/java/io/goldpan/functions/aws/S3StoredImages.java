package io.goldpan.functions.aws;

import io.goldpan.functions.jobs.StoredImages;
import jakarta.inject.Singleton;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** {@link StoredImages} by HeadObject: 404 is absent, any other failure is thrown. */
@Singleton
public class S3StoredImages implements StoredImages {
  private final S3Client s3;
  private final String bucket;

  public S3StoredImages(S3Client s3, BucketConfig bucket) {
    this.s3 = s3;
    this.bucket = bucket.bucket();
  }

  @Override
  public boolean exists(String key) {
    try {
      s3.headObject(r -> r.bucket(bucket).key(key));
      return true;
    } catch (NoSuchKeyException e) {
      return false;
    } catch (S3Exception e) {
      if (e.statusCode() == 404) {
        return false;
      }
      throw new AwsCallException("S3 HeadObject " + key + " failed: " + e.getMessage(), e);
    } catch (SdkException e) {
      throw new AwsCallException("S3 HeadObject " + key + " failed: " + e.getMessage(), e);
    }
  }
}
