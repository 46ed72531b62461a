import io.goldpan.runner.models.sd.SdPainter;
import io.goldpan.runner.models.sd.SessionSettings;
import io.goldpan.runner.models.sd.internal.Sessions;
import io.goldpan.runner.storage.ImageEncoding;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.Map;

/**
 * The Java side of bench/pipeline-bench: paints one image at a time through {@link SdPainter}
 * (tokenize, text encoder, UNet steps with guidance, scheduler, VAE decode) and encodes it as PNG,
 * timing the wall clock per image and the part spent inside ONNX Runtime's run.
 *
 * <p>Arguments: MODEL_DIR SIZE STEPS GUIDANCE RUNS. Prints {@code java wall_ms=... run_ms=...
 * outside_ms=... outside_pct=...} (per image, mean over RUNS after one warm-up image).
 */
public final class PipelineBench {
  public static void main(String[] args) {
    Path model = Path.of(args[0]);
    int size = Integer.parseInt(args[1]);
    int steps = Integer.parseInt(args[2]);
    double guidance = Double.parseDouble(args[3]);
    int runs = Integer.parseInt(args[4]);
    try (SdPainter painter = SdPainter.open(model, SessionSettings.cpu(), 1)) {
      paint(painter, size, steps, guidance, 0); // warm-up
      long runBefore = Sessions.runNanos();
      long start = System.nanoTime();
      for (int seed = 1; seed <= runs; seed++) {
        paint(painter, size, steps, guidance, seed);
      }
      double wall = (System.nanoTime() - start) / 1e6 / runs;
      double inside = (Sessions.runNanos() - runBefore) / 1e6 / runs;
      System.out.printf(
          "java wall_ms=%.1f run_ms=%.1f outside_ms=%.1f outside_pct=%.2f%n",
          wall, inside, wall - inside, 100 * (wall - inside) / wall);
    }
  }

  private static byte[] paint(SdPainter painter, int size, int steps, double guidance, long seed) {
    BufferedImage image =
        painter
            .paint(
                "a gnome in a teacup", null, seed, 1, size, size, steps, guidance, null, null, null)
            .get(0);
    return ImageEncoding.png(image, Map.of("parameters", "a gnome in a teacup"));
  }
}
