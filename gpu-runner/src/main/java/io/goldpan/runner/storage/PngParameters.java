package io.goldpan.runner.storage;

import io.goldpan.contract.JobMessage;
import java.math.BigDecimal;

/**
 * The {@code parameters} text of a PNG in the de-facto AUTOMATIC1111 layout, which galleries and
 * image tools (e.g. Civitai, ComfyUI importers) read back:
 *
 * <pre>
 * a gnome in a forest
 * Negative prompt: blurry
 * Steps: 20, Sampler: DPM++ 2M Karras, CFG scale: 7.5, Seed: 43, Size: 512x512, Model: demo
 * </pre>
 */
public final class PngParameters {
  /** The PNG text keyword the line is stored under. */
  public static final String KEYWORD = "parameters";

  private PngParameters() {}

  /**
   * The parameters of image {@code index} of {@code job}.
   *
   * @param sampler the sampler as AUTOMATIC1111 names it (e.g. {@code Euler a}), or null to leave
   *     it out
   */
  public static String of(JobMessage job, int index, String sampler) {
    StringBuilder text = new StringBuilder(job.prompt());
    if (job.negativePrompt() != null && !job.negativePrompt().isBlank()) {
      text.append("\nNegative prompt: ").append(job.negativePrompt());
    }
    text.append("\nSteps: ").append(job.steps());
    if (sampler != null && !sampler.isBlank()) {
      text.append(", Sampler: ").append(sampler);
    }
    text.append(", CFG scale: ")
        .append(BigDecimal.valueOf(job.guidance()).stripTrailingZeros().toPlainString())
        .append(", Seed: ")
        .append(job.seedOf(index))
        .append(", Size: ")
        .append(job.width())
        .append('x')
        .append(job.height())
        .append(", Model: ")
        .append(job.model());
    if (job.strength() != null) {
      // as AUTOMATIC1111 writes an img2img picture's settings
      text.append(", Denoising strength: ")
          .append(BigDecimal.valueOf(job.strength()).stripTrailingZeros().toPlainString());
    }
    return text.toString();
  }
}
