package io.goldpan.functions.jobs;

/** Turns a stored object key into a short-lived URL a browser can GET. */
public interface ImageLinks {

  /** A fresh presigned GET URL for {@code key}; never store it. */
  String presign(String key);
}
