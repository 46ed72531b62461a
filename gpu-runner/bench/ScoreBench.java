import ai.onnxruntime.OrtEnvironment;
import io.goldpan.runner.models.ExecutionProvider;
import io.goldpan.runner.scoring.ImageScorer;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;

/**
 * The Java side of bench/score-bench: median milliseconds per picture for CLIP preprocessing alone
 * and for the whole score (preprocessing, vision model, aesthetic head, cosine), and per prompt
 * embedding, on the CPU; each keeps its best round.
 *
 * <p>Arguments: SCORER_DIR SIZE IMAGES ROUNDS.
 */
public final class ScoreBench {
  private static final String PROMPT = "a photo of an astronaut riding a horse on mars";

  public static void main(String[] args) {
    Path dir = Path.of(args[0]);
    int size = Integer.parseInt(args[1]);
    int images = Integer.parseInt(args[2]);
    int rounds = Integer.parseInt(args[3]);
    BufferedImage picture = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
    Random random = new Random(1);
    for (int y = 0; y < size; y++) {
      for (int x = 0; x < size; x++) {
        picture.setRGB(x, y, random.nextInt());
      }
    }
    double pre = Double.MAX_VALUE;
    double score = Double.MAX_VALUE;
    double text = Double.MAX_VALUE;
    try (ImageScorer scorer =
        ImageScorer.open(dir, OrtEnvironment.getEnvironment(), ExecutionProvider.CPU)) {
      float[] prompt = scorer.textEmbedding(PROMPT);
      for (int i = 0; i < 10; i++) {
        scorer.score(picture, prompt); // warm-up
      }
      for (int round = 0; round < rounds; round++) {
        long[] preNs = new long[images];
        long[] scoreNs = new long[images];
        long[] textNs = new long[images];
        for (int i = 0; i < images; i++) {
          long t = System.nanoTime();
          scorer.preprocessor().pixels(picture);
          preNs[i] = System.nanoTime() - t;
          t = System.nanoTime();
          scorer.score(picture, prompt);
          scoreNs[i] = System.nanoTime() - t;
          t = System.nanoTime();
          scorer.textEmbedding(PROMPT);
          textNs[i] = System.nanoTime() - t;
        }
        pre = Math.min(pre, median(preNs));
        score = Math.min(score, median(scoreNs));
        text = Math.min(text, median(textNs));
      }
    }
    System.out.printf(
        "%d×%d: preprocessing %.2f ms, whole score %.2f ms per picture; prompt embedding %.2f ms%n",
        size, size, pre, score, text);
  }

  private static double median(long[] nanos) {
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2] / 1e6;
  }
}
