package io.goldpan.contract;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.ArrayList;
import java.util.List;

/**
 * What a job paints: the one place its parameters are written out. The queue's {@link JobMessage},
 * the API's job view and the functions' stored job embed it; {@link #problems()} holds its bounds
 * ({@link JobLimits}).
 *
 * @param prompt what to paint
 * @param negativePrompt what to steer away from, or {@code null}
 * @param count how many images; image {@code i} uses seed {@code seed + i}
 * @param seed the seed of image 0
 * @param width image width in pixels, a multiple of 64
 * @param height image height in pixels, a multiple of 64
 * @param steps denoising steps (models without steps ignore it)
 * @param guidance classifier-free guidance scale; 0 or 1 disables guidance
 * @param model the model name the runner paints with
 * @param scheduler a {@link Sampler#jobName()}, or {@code null} for the model's own
 * @param init for image to image: the owner's stored picture to start from (checked by the API);
 *     {@code null} for text to image
 * @param strength with {@code init}: how much of the picture to repaint, in (0, 1]; {@code null}
 *     otherwise
 * @param decoder {@link #FAST_DECODER} to decode the images with the model's tiny decoder (TAESD:
 *     much faster on a CPU, some quality lost), {@link #FULL_DECODER} or {@code null} for its VAE
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JobParameters(
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
    ImageRef init,
    Double strength,
    String decoder) {

  /** The model's VAE decodes the images: the default. */
  public static final String FULL_DECODER = "full";

  /** The model's tiny decoder (TAESD) decodes the images. */
  public static final String FAST_DECODER = "fast";

  /** Parameters decoded with the model's VAE, as before the {@code decoder} setting. */
  public JobParameters(
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
      ImageRef init,
      Double strength) {
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
        init,
        strength,
        null);
  }

  /** Whether the images are decoded with the tiny decoder ({@code decoder: fast}). */
  public boolean fastDecoder() {
    return FAST_DECODER.equals(decoder);
  }

  /** The same job decoded with {@code decoder} ({@code full}, {@code fast} or null). */
  public JobParameters withDecoder(String decoder) {
    return new JobParameters(
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
        init,
        strength,
        decoder);
  }

  /** A text-to-image job. */
  public static JobParameters textToImage(
      String prompt,
      String negativePrompt,
      int count,
      long seed,
      int width,
      int height,
      int steps,
      double guidance,
      String model,
      String scheduler) {
    return new JobParameters(
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
        null);
  }

  /** The seed image {@code index} of this job is painted with. */
  public long seedOf(int index) {
    return seed + index;
  }

  /** The same job, starting from {@code init} and repainting {@code strength} of it. */
  public JobParameters withInit(ImageRef init, Double strength) {
    return new JobParameters(
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
        init,
        strength,
        decoder);
  }

  /** The same job with another prompt, count and first seed: one job of a fan-out. */
  public JobParameters with(String prompt, int count, long seed) {
    return new JobParameters(
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
        init,
        strength,
        decoder);
  }

  /** Every bound these parameters break, as {@code field: reason}; empty when paintable. */
  public List<String> problems() {
    List<String> problems = new ArrayList<>();
    checkText("prompt", prompt, true, problems);
    checkText("negativePrompt", negativePrompt, false, problems);
    if (count < JobLimits.COUNT_MIN || count > JobLimits.COUNT_MAX) {
      problems.add("count: must be from " + JobLimits.COUNT_MIN + " to " + JobLimits.COUNT_MAX);
    }
    if (seed < 0 || seed > JobLimits.SEED_MAX) {
      problems.add("seed: must be from 0 to " + JobLimits.SEED_MAX);
    }
    checkSize("width", width, problems);
    checkSize("height", height, problems);
    if (steps < JobLimits.STEPS_MIN || steps > JobLimits.STEPS_MAX) {
      problems.add("steps: must be from " + JobLimits.STEPS_MIN + " to " + JobLimits.STEPS_MAX);
    }
    if (!(guidance >= JobLimits.GUIDANCE_MIN && guidance <= JobLimits.GUIDANCE_MAX)) {
      problems.add(
          "guidance: must be from " + JobLimits.GUIDANCE_MIN + " to " + JobLimits.GUIDANCE_MAX);
    }
    if (model == null || model.isBlank() || model.length() > JobLimits.MODEL_MAX_CHARS) {
      problems.add(
          "model: must be a model name of 1 to " + JobLimits.MODEL_MAX_CHARS + " characters");
    }
    if (init != null && init.problem() != null) {
      problems.add("init: " + init.problem());
    }
    if ((init == null) != (strength == null)) {
      problems.add("strength: must be given with init, and only with it");
    } else if (strength != null && JobLimits.strengthProblem(strength) != null) {
      problems.add("strength: " + JobLimits.strengthProblem(strength));
    }
    if (decoder != null && !FULL_DECODER.equals(decoder) && !FAST_DECODER.equals(decoder)) {
      problems.add("decoder: must be full or fast");
    }
    String sampler = Sampler.problem(scheduler);
    if (sampler != null) {
      problems.add("scheduler: " + sampler);
    }
    return problems;
  }

  private static void checkText(String field, String text, boolean required, List<String> out) {
    String problem = JobLimits.textProblem(text, required);
    if (problem != null) {
      out.add(field + ": " + problem);
    }
  }

  private static void checkSize(String field, int pixels, List<String> out) {
    String problem = JobLimits.sizeProblem(pixels);
    if (problem != null) {
      out.add(field + ": " + problem);
    }
  }
}
