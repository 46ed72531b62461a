package io.goldpan.functions.jobs;

/** Which of a job's image objects are in the bucket, for jobs whose result events were lost. */
public interface StoredImages {

  /**
   * Whether the object {@code key} exists.
   *
   * @throws RuntimeException when storage cannot be asked; the caller then decides nothing
   */
  boolean exists(String key);
}
