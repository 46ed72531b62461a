import io.goldpan.runner.models.sd.SdPainter;
import io.goldpan.runner.models.sd.SessionSettings;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Java side of bench/session-bench batch: wall time per image for a job of IMAGES images
 * painted in UNet batches of 1, 2 and 4 ({@code GOLDPAN_MAX_BATCH}), on the CPU. Batch sizes take
 * turns round after round; each keeps its best round.
 *
 * <p>Arguments: MODEL_DIR SIZE STEPS GUIDANCE IMAGES ROUNDS.
 */
public final class BatchBench {
  public static void main(String[] args) {
    Path model = Path.of(args[0]);
    int size = Integer.parseInt(args[1]);
    int steps = Integer.parseInt(args[2]);
    double guidance = Double.parseDouble(args[3]);
    int images = Integer.parseInt(args[4]);
    int rounds = Integer.parseInt(args[5]);
    Map<Integer, Double> best = new LinkedHashMap<>();
    Map<Integer, Double> bestCpu = new LinkedHashMap<>();
    for (int round = 1; round <= rounds; round++) {
      for (int batch : new int[] {1, 2, 4}) {
        try (SdPainter painter = SdPainter.open(model, SessionSettings.cpu(), batch)) {
          paint(painter, size, steps, guidance, 0, batch); // warm-up at this batch's shapes
          long cpuStart = cpuNanos();
          long start = System.nanoTime();
          paint(painter, size, steps, guidance, 1, images);
          double perImage = (System.nanoTime() - start) / 1e6 / images;
          double cpuPerImage = (cpuNanos() - cpuStart) / 1e6 / images;
          best.merge(batch, perImage, Math::min);
          bestCpu.merge(batch, cpuPerImage, Math::min);
          System.out.printf(
              "round %d batch=%d wall_ms_per_image=%.1f cpu_ms_per_image=%.1f%n",
              round, batch, perImage, cpuPerImage);
        }
      }
    }
    double reference = best.get(1);
    double cpuReference = bestCpu.get(1);
    best.forEach(
        (batch, ms) ->
            System.out.printf(
                "best batch=%d wall_ms_per_image=%.1f vs_batch_1=%.3f cpu_ms_per_image=%.1f"
                    + " vs_batch_1=%.3f%n",
                batch, ms, ms / reference, bestCpu.get(batch), bestCpu.get(batch) / cpuReference));
  }

  /** CPU time of the whole process, ONNX Runtime's native threads included. */
  static long cpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean)
            java.lang.management.ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  private static void paint(
      SdPainter painter, int size, int steps, double guidance, long seed, int count) {
    painter.paint(
        "a lighthouse on a cliff at dusk",
        null,
        seed,
        count,
        size,
        size,
        steps,
        guidance,
        null,
        null,
        null);
  }
}
