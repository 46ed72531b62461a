package io.goldpan.contract;

/**
 * One stored picture, by the job that painted it and its index in that job. On the wire and in the
 * API it is {@code {"jobId": "<uuid>", "index": n}}; its S3 key is {@link #key()}.
 *
 * @param jobId the job that painted it, a lower-case UUID
 * @param index its index in that job, from 0
 */
public record ImageRef(String jobId, int index) {

  /** The full-size PNG's key, {@link StorageKeys#image}. */
  public String key() {
    return StorageKeys.image(jobId, index);
  }

  /** The reason this is not a picture a job can name, or {@code null} when it is fine. */
  public String problem() {
    if (!StorageKeys.isJobId(jobId) || index < 0 || index >= JobLimits.COUNT_MAX) {
      return "must be an object {\"jobId\": a job id, \"index\": an integer from 0 to "
          + (JobLimits.COUNT_MAX - 1)
          + "} naming one of your stored images";
    }
    return null;
  }
}
