import io.goldpan.runner.models.sd.SdPainter;
import io.goldpan.runner.models.sd.SessionSettings;
import io.goldpan.runner.storage.ImageEncoding;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * The Java side of bench/pipeline-bench: paints one image at a time through {@link SdPainter}
 * (tokenize, text encoder, UNet steps with guidance, Euler whatever the model's own scheduler, as
 * the Python side does, VAE decode) and encodes it as PNG, timing the wall clock per image and the
 * part spent inside ONNX Runtime's run. That part is estimated from JFR samples of the painting
 * thread (the share of samples in {@code OrtSession.run}), so the runner itself keeps no benchmark
 * counters.
 *
 * <p>Arguments: MODEL_DIR SIZE STEPS GUIDANCE RUNS. Prints {@code java wall_ms=... run_ms=...
 * outside_ms=... outside_pct=...} (per image, mean over RUNS after one warm-up image).
 */
public final class PipelineBench {
  private static final Duration SAMPLE_PERIOD = Duration.ofMillis(10);

  public static void main(String[] args) throws IOException {
    Path model = Path.of(args[0]);
    int size = Integer.parseInt(args[1]);
    int steps = Integer.parseInt(args[2]);
    double guidance = Double.parseDouble(args[3]);
    int runs = Integer.parseInt(args[4]);
    try (SdPainter painter = SdPainter.open(model, SessionSettings.cpu(), 1)) {
      paint(painter, size, steps, guidance, 0); // warm-up
      double wall;
      double insideShare;
      try (Recording recording = new Recording()) {
        recording.enable("jdk.ExecutionSample").withPeriod(SAMPLE_PERIOD);
        recording.enable("jdk.NativeMethodSample").withPeriod(SAMPLE_PERIOD);
        recording.start();
        long start = System.nanoTime();
        for (int seed = 1; seed <= runs; seed++) {
          paint(painter, size, steps, guidance, seed);
        }
        wall = (System.nanoTime() - start) / 1e6 / runs;
        recording.stop();
        insideShare = shareInsideRun(recording, Thread.currentThread().getName());
      }
      double inside = wall * insideShare;
      System.out.printf(
          "java wall_ms=%.1f run_ms=%.1f outside_ms=%.1f outside_pct=%.2f%n",
          wall, inside, wall - inside, 100 * (wall - inside) / wall);
    }
  }

  /** The share of the painting thread's samples that were inside ONNX Runtime's native run. */
  private static double shareInsideRun(Recording recording, String thread) throws IOException {
    Path file = Files.createTempFile("pipeline-bench", ".jfr");
    try {
      recording.dump(file);
      long all = 0;
      long inside = 0;
      for (RecordedEvent event : RecordingFile.readAllEvents(file)) {
        if (event.getThread("sampledThread") == null
            || !thread.equals(event.getThread("sampledThread").getJavaName())
            || event.getStackTrace() == null) {
          continue;
        }
        all++;
        List<RecordedFrame> frames = event.getStackTrace().getFrames();
        if (event.getEventType().getName().equals("jdk.NativeMethodSample")
            && !frames.isEmpty()
            && frames.get(0).getMethod().getType().getName().equals("ai.onnxruntime.OrtSession")) {
          inside++;
        }
      }
      return all == 0 ? 0 : (double) inside / all;
    } finally {
      Files.deleteIfExists(file);
    }
  }

  private static byte[] paint(SdPainter painter, int size, int steps, double guidance, long seed) {
    BufferedImage image =
        painter
            .paint(
                "a gnome in a teacup",
                null,
                seed,
                1,
                size,
                size,
                steps,
                guidance,
                "euler",
                null,
                null)
            .get(0);
    return ImageEncoding.png(image, Map.of("parameters", "a gnome in a teacup"));
  }
}
