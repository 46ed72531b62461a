package io.goldpan.runner.storage;

/**
 * The bucket as the runner sees it. Every method throws {@link
 * io.goldpan.runner.InfrastructureException} when the bucket cannot be reached.
 */
public interface ImageStore {
  /** Writes {@code bytes} under {@code key}, replacing what was there. */
  void put(String key, byte[] bytes, String contentType);

  /** Whether an object exists under {@code key}. */
  boolean exists(String key);
}
