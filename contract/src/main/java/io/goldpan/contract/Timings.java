package io.goldpan.contract;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Where a job's time went on the runner, in milliseconds.
 *
 * @param queueMs from submission to the runner receiving the message
 * @param inferenceMs inside the model (all images)
 * @param uploadMs encoding and uploading images
 * @param totalMs from receiving the message to the last upload
 * @param scoringMs scoring the images (all of them, the prompt's embedding included), or {@code
 *     null} from a runner without a scorer
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Timings(long queueMs, long inferenceMs, long uploadMs, long totalMs, Long scoringMs) {

  /** Timings of a runner without a scorer. */
  public Timings(long queueMs, long inferenceMs, long uploadMs, long totalMs) {
    this(queueMs, inferenceMs, uploadMs, totalMs, null);
  }
}
