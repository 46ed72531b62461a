import ai.onnxruntime.OrtSession.SessionOptions.OptLevel;
import io.goldpan.runner.models.sd.SdPainter;
import io.goldpan.runner.models.sd.SessionSettings;
import io.goldpan.runner.models.sd.SessionTuning;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Java side of bench/session-bench settings: wall time per image through {@link SdPainter} for
 * each ONNX Runtime session setting measured in docs/benchmarks.md (intra-op threads, graph
 * optimisation level, memory pattern, CPU arena). Variants take turns round after round, so load
 * from other work on the machine spreads over all of them; each keeps its best round.
 *
 * <p>Arguments: MODEL_DIR SIZE STEPS GUIDANCE IMAGES ROUNDS.
 */
public final class SessionSettingsBench {
  public static void main(String[] args) {
    Path model = Path.of(args[0]);
    int size = Integer.parseInt(args[1]);
    int steps = Integer.parseInt(args[2]);
    double guidance = Double.parseDouble(args[3]);
    int images = Integer.parseInt(args[4]);
    int rounds = Integer.parseInt(args[5]);
    Map<String, SessionTuning> variants = new LinkedHashMap<>();
    variants.put("default (all, threads auto)", SessionTuning.DEFAULT);
    for (int threads : new int[] {1, 2}) {
      for (OptLevel level :
          new OptLevel[] {OptLevel.BASIC_OPT, OptLevel.EXTENDED_OPT, OptLevel.ALL_OPT}) {
        variants.put(
            "threads=" + threads + " " + level, new SessionTuning(threads, level, true, true));
      }
    }
    variants.put("memory pattern off", new SessionTuning(0, OptLevel.ALL_OPT, false, true));
    variants.put("cpu arena off", new SessionTuning(0, OptLevel.ALL_OPT, true, false));
    variants.put("both off", new SessionTuning(0, OptLevel.ALL_OPT, false, false));

    Map<String, Double> best = new LinkedHashMap<>();
    Map<String, Double> bestCpu = new LinkedHashMap<>();
    for (int round = 1; round <= rounds; round++) {
      for (Map.Entry<String, SessionTuning> variant : variants.entrySet()) {
        try (SdPainter painter =
            SdPainter.open(model, SessionSettings.cpu().withTuning(variant.getValue()), 1)) {
          paint(painter, size, steps, guidance, 0); // warm-up: first-run allocations
          long cpuStart = cpuNanos();
          long start = System.nanoTime();
          for (int seed = 1; seed <= images; seed++) {
            paint(painter, size, steps, guidance, seed);
          }
          double perImage = (System.nanoTime() - start) / 1e6 / images;
          double cpuPerImage = (cpuNanos() - cpuStart) / 1e6 / images;
          best.merge(variant.getKey(), perImage, Math::min);
          bestCpu.merge(variant.getKey(), cpuPerImage, Math::min);
          System.out.printf(
              "round %d %-30s wall_ms_per_image=%.1f cpu_ms_per_image=%.1f%n",
              round, variant.getKey(), perImage, cpuPerImage);
        }
      }
    }
    double reference = best.get("default (all, threads auto)");
    double cpuReference = bestCpu.get("default (all, threads auto)");
    for (Map.Entry<String, Double> entry : best.entrySet()) {
      double cpu = bestCpu.get(entry.getKey());
      System.out.printf(
          "best %-30s wall_ms_per_image=%.1f vs_default=%.3f cpu_ms_per_image=%.1f"
              + " vs_default=%.3f%n",
          entry.getKey(), entry.getValue(), entry.getValue() / reference, cpu, cpu / cpuReference);
    }
  }

  /** CPU time of the whole process, ONNX Runtime's native threads included. */
  static long cpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean)
            java.lang.management.ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  private static void paint(SdPainter painter, int size, int steps, double guidance, long seed) {
    painter.paint(
        "a lighthouse on a cliff at dusk",
        null,
        seed,
        1,
        size,
        size,
        steps,
        guidance,
        null,
        null,
        null);
  }
}
