package io.goldpan.contract;

import java.util.regex.Pattern;

/**
 * The S3 key layout both sides agree on. Keys are deterministic so a redelivered job overwrites.
 */
public final class StorageKeys {
  private static final Pattern IMAGE =
      Pattern.compile(
          "images/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/(0|[1-9][0-9]?)\\.png");
  private static final Pattern JOB_ID =
      Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

  private StorageKeys() {}

  /** Full-size PNG of image {@code index}. */
  public static String image(String jobId, int index) {
    return "images/" + checked(jobId) + "/" + index + ".png";
  }

  /** Prefix holding every image of a job. */
  public static String imagePrefix(String jobId) {
    return "images/" + checked(jobId) + "/";
  }

  /** Small JPEG of image {@code index}, for the phone grid. */
  public static String thumbnail(String jobId, int index) {
    return "thumbs/" + checked(jobId) + "/" + index + ".jpg";
  }

  /**
   * Small JPEG of a running job's image as it forms, replaced by each newer preview (see {@link
   * Preview}); beside the job's thumbnails, so whoever may read or purge those may read or purge
   * it.
   */
  public static String preview(String jobId) {
    return "thumbs/" + checked(jobId) + "/preview.jpg";
  }

  /** Marker object whose presence tells runners the job was cancelled. */
  public static String cancelMarker(String jobId) {
    return "cancel/" + checked(jobId);
  }

  /** Whether {@code key} is the key of a full-size image, as {@link #image} writes it. */
  public static boolean isImageKey(String key) {
    return key != null && IMAGE.matcher(key).matches();
  }

  /** Whether {@code jobId} is a lower-case UUID, the only form job ids take. */
  public static boolean isJobId(String jobId) {
    return jobId != null && JOB_ID.matcher(jobId).matches();
  }

  private static String checked(String jobId) {
    if (!isJobId(jobId)) {
      throw new IllegalArgumentException("not a job id (lower-case UUID expected): " + jobId);
    }
    return jobId;
  }
}
