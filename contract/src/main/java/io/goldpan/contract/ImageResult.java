package io.goldpan.contract;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One uploaded image of a job.
 *
 * @param index position in the job, from 0
 * @param seed the seed it was painted with
 * @param key S3 key of the PNG, {@code images/{jobId}/{index}.png}
 * @param thumbKey S3 key of the small JPEG, or {@code null}
 * @param width pixels
 * @param height pixels
 * @param scores how the runner's scorer rated it, or {@code null} (no scorer, scoring failed, or a
 *     runner from before scores)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ImageResult(
    int index, long seed, String key, String thumbKey, int width, int height, ImageScores scores) {

  /** An unscored image, as runners without a scorer report it. */
  public ImageResult(int index, long seed, String key, String thumbKey, int width, int height) {
    this(index, seed, key, thumbKey, width, height, null);
  }
}
