import ai.onnxruntime.OrtEnvironment;
import io.goldpan.runner.models.sd.SdPainter;
import io.goldpan.runner.models.sd.SessionSettings;
import io.goldpan.runner.models.sd.UNet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The Java side of bench/session-bench start: how long opening a model's three sessions (and its
 * UNet alone) takes without the optimised-graph cache, on a first start that optimises and saves,
 * and on a later start that loads the saved graphs. Every open is in this one JVM, after one
 * warm-up open that loads ONNX Runtime's library; a restarted runner adds the JVM's own start.
 *
 * <p>Arguments: MODEL_DIR ROUNDS. Prints one line per round and the medians.
 */
public final class SessionStartBench {
  public static void main(String[] args) throws IOException {
    Path model = Path.of(args[0]).toAbsolutePath().normalize();
    int rounds = Integer.parseInt(args[1]);
    Path cache = Files.createTempDirectory("graph-cache-bench");
    try {
      SdPainter.open(model, SessionSettings.cpu(), 1).close(); // loads the native library
      List<long[]> results = new ArrayList<>();
      for (int round = 1; round <= rounds; round++) {
        delete(cache);
        SessionSettings cached = SessionSettings.cpu().withGraphCache(cache);
        long[] r = {
          openPipeline(model, SessionSettings.cpu()),
          openPipeline(model, cached),
          openPipeline(model, cached),
          0,
          0,
          0
        };
        delete(cache);
        r[3] = openUnet(model, SessionSettings.cpu());
        r[4] = openUnet(model, cached);
        r[5] = openUnet(model, cached);
        results.add(r);
        System.out.printf(
            "round %d pipeline uncached_ms=%.1f first_start_ms=%.1f cached_ms=%.1f"
                + " | unet uncached_ms=%.1f first_start_ms=%.1f cached_ms=%.1f%n",
            round, ms(r[0]), ms(r[1]), ms(r[2]), ms(r[3]), ms(r[4]), ms(r[5]));
      }
      System.out.printf(
          "median pipeline uncached_ms=%.1f first_start_ms=%.1f cached_ms=%.1f"
              + " | unet uncached_ms=%.1f first_start_ms=%.1f cached_ms=%.1f%n",
          median(results, 0),
          median(results, 1),
          median(results, 2),
          median(results, 3),
          median(results, 4),
          median(results, 5));
    } finally {
      delete(cache);
    }
  }

  private static long openPipeline(Path model, SessionSettings settings) {
    long start = System.nanoTime();
    SdPainter.open(model, settings, 1).close();
    return System.nanoTime() - start;
  }

  private static long openUnet(Path model, SessionSettings settings) {
    long start = System.nanoTime();
    UNet.open(OrtEnvironment.getEnvironment(), model.resolve("unet/model.onnx"), settings).close();
    return System.nanoTime() - start;
  }

  private static double ms(long nanos) {
    return nanos / 1e6;
  }

  private static double median(List<long[]> results, int column) {
    long[] values = results.stream().mapToLong(r -> r[column]).sorted().toArray();
    int n = values.length;
    return ms(n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2);
  }

  private static void delete(Path folder) throws IOException {
    if (!Files.exists(folder)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(folder)) {
      for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
        if (!path.equals(folder)) {
          Files.delete(path);
        }
      }
    }
  }
}
