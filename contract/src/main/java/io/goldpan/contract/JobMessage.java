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
 * @param init for image to image: the S3 key of the stored picture to start from ({@link
 *     StorageKeys#image}, one of the owner's own, checked by the API); {@code null} for text to
 *     image
 * @param strength with {@code init}: how much of the picture to repaint, in (0, 1]; {@code null}
 *     otherwise
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
    Instant deadline,
    String init,
    Double strength) {

  /** A text-to-image job (no {@code init}, no {@code strength}), as before image to image. */
  public JobMessage(
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
    this(
        v,
        jobId,
        prompt,
        negativePrompt,
        count,
        seed,
        width,
        height,
        steps,
        guidance,
        model,
        scheduler,
        submittedAt,
        deadline,
        null,
        null);
  }

  /**
   * The same job starting from the picture stored under {@code init}, repainted {@code strength}.
   */
  public JobMessage withInit(String init, Double strength) {
    return new JobMessage(
        v,
        jobId,
        prompt,
        negativePrompt,
        count,
        seed,
        width,
        height,
        steps,
        guidance,
        model,
        scheduler,
        submittedAt,
        deadline,
        init,
        strength);
  }

  /** The seed image {@code index} of this job is painted with. */
  public long seedOf(int index) {
    return seed + index;
  }
}
