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
    StringBuilder text = new StringBuilder(job.parameters().prompt());
    if (job.parameters().negativePrompt() != null && !job.parameters().negativePrompt().isBlank()) {
      text.append("\nNegative prompt: ").append(job.parameters().negativePrompt());
    }
    text.append("\nSteps: ").append(job.parameters().steps());
    if (sampler != null && !sampler.isBlank()) {
      text.append(", Sampler: ").append(sampler);
    }
    text.append(", CFG scale: ")
        .append(
            BigDecimal.valueOf(job.parameters().guidance()).stripTrailingZeros().toPlainString())
        .append(", Seed: ")
        .append(job.parameters().seedOf(index))
        .append(", Size: ")
        .append(job.parameters().width())
        .append('x')
        .append(job.parameters().height())
        .append(", Model: ")
        .append(job.parameters().model());
    if (job.parameters().strength() != null) {
      // as AUTOMATIC1111 writes an img2img picture's settings
      text.append(", Denoising strength: ")
          .append(
              BigDecimal.valueOf(job.parameters().strength()).stripTrailingZeros().toPlainString());
    }
    return text.toString();
  }
}
