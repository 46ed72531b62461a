package io.goldpan.functions.jobs;

import io.micronaut.core.annotation.Nullable;

/**
 * A validated submission with defaults applied, except the seed, which stays {@code null} when the
 * caller left it to us.
 *
 * @param init image to image: the owner's stored picture to start from, not yet checked to exist;
 *     {@code null} for text to image
 * @param strength with {@code init}: how much of it to repaint, in (0, 1]
 */
public record JobRequest(
    String prompt,
    @Nullable String negativePrompt,
    int count,
    @Nullable Long seed,
    int width,
    int height,
    int steps,
    double guidance,
    String model,
    @Nullable String scheduler,
    @Nullable Init init,
    @Nullable Double strength,
    /** Where the job's events go; {@code null} for none. */
    @Nullable WebhookRequest webhook) {

  /** A text-to-image request. */
  public JobRequest(
      String prompt,
      String negativePrompt,
      int count,
      Long seed,
      int width,
      int height,
      int steps,
      double guidance,
      String model,
      String scheduler) {
    this(
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
        null,
        null,
        null);
  }

  /** A stored picture by its job and index. */
  public record Init(String jobId, int index) {}
}
