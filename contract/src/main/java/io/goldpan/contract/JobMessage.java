package io.goldpan.contract;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * What the functions put on the jobs queue for a runner: everything needed to paint one job.
 *
 * @param v contract version, {@link Contract#VERSION}
 * @param jobId the job's id (a UUID); also the S3 prefix of its images
 * @param prompt what to paint
 * @param negativePrompt what to steer away from, or {@code null}
 * @param count how many images; image {@code i} uses seed {@code seed + i}
 * @param seed the seed of image 0
 * @param width image width in pixels, a multiple of 64
 * @param height image height in pixels, a multiple of 64
 * @param steps denoising steps (models without steps ignore it)
 * @param guidance classifier-free guidance scale; 0 or 1 disables guidance
 * @param model the model name the runner paints with
 * @param scheduler a scheduler name, or {@code null} for the model's own
 * @param submittedAt when the job was accepted by the API
 * @param deadline after this instant the job is no longer wanted
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JobMessage(
    int v,
    String jobId,
    String prompt,
    String negativePrompt,
    int count,
    long seed,
    int width,
    int height,
    int steps,
    double guidance,
    String model,
    String scheduler,
    Instant submittedAt,
    Instant deadline) {

  /** The seed image {@code index} of this job is painted with. */
  public long seedOf(int index) {
    return seed + index;
  }
}
