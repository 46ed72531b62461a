package io.goldpan.runner.storage.internal;

import io.goldpan.runner.InfrastructureException;
import io.goldpan.runner.storage.ImageStore;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** {@link ImageStore} on an S3 bucket. */
public final class S3ImageStore implements ImageStore {
  private final S3Client s3;
  private final String bucket;

  public S3ImageStore(S3Client s3, String bucket) {
    this.s3 = s3;
    this.bucket = bucket;
  }

  @Override
  public void put(String key, byte[] bytes, String contentType) {
    try {
      s3.putObject(
          r -> r.bucket(bucket).key(key).contentType(contentType).cacheControl(CACHE_CONTROL),
          RequestBody.fromBytes(bytes));
    } catch (SdkException e) {
      throw new InfrastructureException(
          "cannot write s3://" + bucket + "/" + key + ": " + e.getMessage(), e);
    }
  }

  @Override
  public Optional<byte[]> get(String key) {
    try {
      return Optional.of(s3.getObjectAsBytes(r -> r.bucket(bucket).key(key)).asByteArray());
    } catch (NoSuchKeyException e) {
      return Optional.empty();
    } catch (S3Exception e) {
      if (e.statusCode() == 404) {
        return Optional.empty();
      }
      throw new InfrastructureException(
          "cannot read s3://" + bucket + "/" + key + ": " + e.getMessage(), e);
    } catch (SdkException e) {
      throw new InfrastructureException(
          "cannot read s3://" + bucket + "/" + key + ": " + e.getMessage(), e);
    }
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
      throw new InfrastructureException(
          "cannot check s3://" + bucket + "/" + key + ": " + e.getMessage(), e);
    } catch (SdkException e) {
      throw new InfrastructureException(
          "cannot check s3://" + bucket + "/" + key + ": " + e.getMessage(), e);
    }
  }
}
