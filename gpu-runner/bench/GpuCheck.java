import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import io.goldpan.runner.config.ExecutionProviderChoice;
import io.goldpan.runner.models.ExecutionProvider;
import io.goldpan.runner.models.ExecutionProviders;
import io.goldpan.runner.models.sd.SdPainter;
import io.goldpan.runner.models.sd.SessionSettings;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The Java side of bench/gpu-check: images per second of the runner's Stable Diffusion pipeline on
 * CUDA at SIZE², STEPS step(s), guidance 0, batches 1 and 4, and the same sessions run bare (zeros
 * in, nothing else) to tell the time spent outside ONNX Runtime: tokenising, the scheduler, copies
 * between Java and native memory, turning pixels into an image.
 *
 * <p>Arguments: MODEL_DIR SIZE STEPS IMAGES ROUNDS [cpu]. Prints one {@code key=value} line per
 * batch. With {@code cpu} it runs on the CPU instead, to try the harness on a machine without a
 * GPU.
 */
public final class GpuCheck {
  private static final String PROMPT = "a lighthouse on a cliff at dusk";

  public static void main(String[] args) throws OrtException {
    Path model = Path.of(args[0]);
    int size = Integer.parseInt(args[1]);
    int steps = Integer.parseInt(args[2]);
    int images = Integer.parseInt(args[3]);
    int rounds = Integer.parseInt(args[4]);
    boolean cpu = args.length > 5 && args[5].equals("cpu");
    // refuses, naming what is missing, when CUDA cannot start
    ExecutionProvider provider =
        ExecutionProviders.choose(cpu ? ExecutionProviderChoice.CPU : ExecutionProviderChoice.CUDA);
    SessionSettings settings = cpu ? SessionSettings.cpu() : SessionSettings.cuda(0);
    System.out.println("provider=" + provider.name());
    for (int batch : new int[] {1, 4}) {
      double best = Double.MAX_VALUE;
      try (SdPainter painter = SdPainter.open(model, settings, batch)) {
        paint(painter, size, steps, 0, batch); // warm-up: CUDA graphs, cuDNN's algorithm search
        paint(painter, size, steps, 1, batch);
        for (int round = 1; round <= rounds; round++) {
          long start = System.nanoTime();
          paint(painter, size, steps, 2 + round, images);
          best = Math.min(best, (System.nanoTime() - start) / 1e6 / images);
        }
      }
      double bare = bareMsPerImage(model, provider, size, steps, batch, images, rounds);
      System.out.printf(
          "batch=%d images_per_s=%.2f ms_per_image=%.2f onnxruntime_ms_per_image=%.2f"
              + " outside_onnxruntime_ms_per_image=%.2f%n",
          batch, 1000 / best, best, bare, best - bare);
    }
  }

  private static void paint(SdPainter painter, int size, int steps, long seed, int count) {
    painter.paint(PROMPT, null, seed, count, size, size, steps, 0.0, null, null, null);
  }

  /**
   * What the pipeline's sessions cost per image run bare, as the pipeline runs them for a job of
   * {@code images}: the text encoder once, the UNet {@code steps} times per batch, the VAE decoder
   * once per image. Best of {@code rounds}.
   */
  private static double bareMsPerImage(
      Path model,
      ExecutionProvider provider,
      int size,
      int steps,
      int batch,
      int images,
      int rounds)
      throws OrtException {
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    int latent = size / 8;
    try (OrtSession.SessionOptions options = provider.newSessionOptions(0, 0);
        OrtSession text = open(env, model, "text_encoder", options);
        OrtSession unet = open(env, model, "unet", options);
        OrtSession vae = open(env, model, "vae_decoder", options)) {
      Map<String, Long> one = Map.of("batch", 1L, "height", (long) latent, "width", (long) latent);
      Map<String, Long> many =
          Map.of("batch", (long) batch, "height", (long) latent, "width", (long) latent);
      double best = Double.MAX_VALUE;
      for (int round = 0; round <= rounds; round++) { // round 0 warms up
        long start = System.nanoTime();
        run(env, text, one);
        for (int done = 0; done < images; done += batch) {
          for (int step = 0; step < steps; step++) {
            run(env, unet, many);
          }
        }
        for (int i = 0; i < images; i++) {
          run(env, vae, one);
        }
        if (round > 0) {
          best = Math.min(best, (System.nanoTime() - start) / 1e6 / images);
        }
      }
      return best;
    }
  }

  private static OrtSession open(
      OrtEnvironment env, Path model, String part, OrtSession.SessionOptions options)
      throws OrtException {
    return env.createSession(model.resolve(part).resolve("model.onnx").toString(), options);
  }

  /** Runs {@code session} on zeros, its dynamic dimensions named in {@code dims} (else 77). */
  private static void run(OrtEnvironment env, OrtSession session, Map<String, Long> dims)
      throws OrtException {
    Map<String, OnnxTensor> inputs = new HashMap<>();
    try {
      for (NodeInfo input : session.getInputInfo().values()) {
        TensorInfo info = (TensorInfo) input.getInfo();
        long[] shape = info.getShape().clone();
        String[] names = info.getDimensionNames();
        long elements = 1;
        for (int d = 0; d < shape.length; d++) {
          if (shape[d] < 0) {
            shape[d] = dims.getOrDefault(names[d], 77L);
          }
          elements *= shape[d];
        }
        int bytes = Math.toIntExact(elements * info.type.size);
        ByteBuffer zeros = ByteBuffer.allocateDirect(bytes).order(ByteOrder.nativeOrder());
        inputs.put(input.getName(), OnnxTensor.createTensor(env, zeros, shape, info.type));
      }
      try (OrtSession.Result result = session.run(inputs)) {
        // only the time counts
      }
    } finally {
      inputs.values().forEach(OnnxTensor::close);
    }
  }
}
