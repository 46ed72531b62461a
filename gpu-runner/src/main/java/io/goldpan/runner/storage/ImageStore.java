package io.goldpan.runner.storage;

import io.goldpan.runner.storage.internal.S3ImageStore;
import java.util.Optional;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The bucket as the runner sees it. Every method throws {@link
 * io.goldpan.runner.InfrastructureException} when the bucket cannot be reached.
 */
public interface ImageStore {
  /**
   * The {@code Cache-Control} every image and thumbnail is stored with: a key names one image of
   * one job and is never written with other bytes, so a reader may keep it; private, because only
   * signed URLs reach the bucket.
   */
  String CACHE_CONTROL = "private, max-age=31536000, immutable";

  /** The image bucket on S3. */
  static ImageStore s3(S3Client s3, String bucket) {
    return new S3ImageStore(s3, bucket);
  }

  /**
   * Writes {@code bytes} under {@code key}, replacing what was there, marked as cacheable for good
   * (keys are never reused for other bytes).
   */
  void put(String key, byte[] bytes, String contentType);

  /**
   * The bytes stored under {@code key}, or empty when there is none (image to image reads the
   * picture a job starts from; the runner may read {@code images/} only).
   */
  Optional<byte[]> get(String key);

  /** Whether an object exists under {@code key}. */
  boolean exists(String key);
}
