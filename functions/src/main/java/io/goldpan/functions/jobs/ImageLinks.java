package io.goldpan.functions.jobs;

/** Turns a stored object key into a short-lived URL a browser can GET and cache. */
public interface ImageLinks {

  /**
   * A presigned GET URL for {@code key}, valid for at least {@code goldpan.jobs.url-ttl} and the
   * same for every call within one {@link JobsConfig#urlWindow()}, so a browser can cache the
   * image; never store it.
   */
  String presign(String key);
}
