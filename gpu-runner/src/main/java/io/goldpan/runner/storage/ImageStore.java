package io.goldpan.runner.storage;

import io.goldpan.runner.storage.internal.S3ImageStore;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The bucket as the runner sees it. Every method throws {@link
 * io.goldpan.runner.InfrastructureException} when the bucket cannot be reached.
 */
public interface ImageStore {
  /** The image bucket on S3. */
  static ImageStore s3(S3Client s3, String bucket) {
    return new S3ImageStore(s3, bucket);
  }

  /** Writes {@code bytes} under {@code key}, replacing what was there. */
  void put(String key, byte[] bytes, String contentType);

  /** Whether an object exists under {@code key}. */
  boolean exists(String key);
}
