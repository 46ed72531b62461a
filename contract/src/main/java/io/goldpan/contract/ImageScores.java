package io.goldpan.contract;

/**
 * How a runner's scorer rated one image (docs/scores.md): its guess at how much people like it, and
 * how well it matches its prompt.
 *
 * @param aesthetic the LAION aesthetic predictor's score over the CLIP image embedding, roughly 1
 *     (bad) to 10 (great); a fixture scorer's random head gives any value
 * @param promptMatch CLIPScore, {@code 100 × max(cos(image, prompt), 0)}, from 0 (unrelated) up; 30
 *     or more is a close match for CLIP ViT-L/14
 */
public record ImageScores(double aesthetic, double promptMatch) {
  /** Largest magnitude an aesthetic score may have: more is not a score but a broken scorer. */
  public static final double AESTHETIC_LIMIT = 1_000;

  /**
   * Whether both scores are numbers a working scorer gives: a finite aesthetic score within ±{@link
   * #AESTHETIC_LIMIT} and a prompt match from 0 to 100. Readers drop implausible scores rather than
   * the event that carries them.
   */
  public boolean plausible() {
    return Double.isFinite(aesthetic)
        && Math.abs(aesthetic) <= AESTHETIC_LIMIT
        && Double.isFinite(promptMatch)
        && promptMatch >= 0
        && promptMatch <= 100;
  }
}
