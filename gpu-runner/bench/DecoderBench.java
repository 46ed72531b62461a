import ai.onnxruntime.OrtEnvironment;
import io.goldpan.runner.models.sd.ModelDirectory;
import io.goldpan.runner.models.sd.SdPainter;
import io.goldpan.runner.models.sd.SessionSettings;
import io.goldpan.runner.models.sd.TinyDecoder;
import io.goldpan.runner.models.sd.VaeDecoder;
import io.goldpan.runner.storage.ImageEncoding;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.Random;

/**
 * The Java side of bench/session-bench decoders: on the CPU, the full VAE decode against the TAESD
 * decode of one image, a preview's cost (latents copied, TAESD decode, JPEG of at most 256 px)
 * against one denoising step (from two jobs of STEPS and STEPS + 10 steps), each the best of ROUNDS
 * rounds.
 *
 * <p>Arguments: MODEL_DIR SIZE STEPS GUIDANCE ROUNDS.
 */
public final class DecoderBench {
  public static void main(String[] args) {
    Path root = Path.of(args[0]);
    int size = Integer.parseInt(args[1]);
    int steps = Integer.parseInt(args[2]);
    double guidance = Double.parseDouble(args[3]);
    int rounds = Integer.parseInt(args[4]);
    ModelDirectory model = ModelDirectory.open(root);
    if (!model.hasTinyDecoder()) {
      throw new IllegalArgumentException(root + " has no taesd_decoder/model.onnx");
    }
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    SessionSettings settings = SessionSettings.cpu();
    int latent = size / 8;
    float[] latents = new float[4 * latent * latent];
    Random random = new Random(1);
    for (int i = 0; i < latents.length; i++) {
      latents[i] = (float) random.nextGaussian();
    }
    double vae = Double.MAX_VALUE;
    double taesd = Double.MAX_VALUE;
    double preview = Double.MAX_VALUE;
    double step = Double.MAX_VALUE;
    try (VaeDecoder full = VaeDecoder.open(env, model.vaeDecoder(), settings);
        TinyDecoder tiny =
            TinyDecoder.open(env, model.tinyDecoder(), model.tinyScalingFactor(), settings);
        SdPainter painter = SdPainter.open(root, settings, 1)) {
      float[] scaled = latents.clone();
      for (int i = 0; i < scaled.length; i++) {
        scaled[i] /= model.vaeScalingFactor();
      }
      full.decode(scaled, latent, latent); // warm-ups
      tiny.decode(latents, latent, latent);
      paint(painter, size, steps, guidance);
      for (int round = 1; round <= rounds; round++) {
        long start = System.nanoTime();
        full.decode(scaled, latent, latent);
        double vaeMs = (System.nanoTime() - start) / 1e6;

        start = System.nanoTime();
        tiny.decode(latents, latent, latent);
        double taesdMs = (System.nanoTime() - start) / 1e6;

        start = System.nanoTime();
        float[] copy = latents.clone();
        BufferedImage picture = tiny.preview(copy, latent, latent); // as a job's previews are made
        int bytes = ImageEncoding.preview(picture).length;
        double previewMs = (System.nanoTime() - start) / 1e6;

        start = System.nanoTime();
        paint(painter, size, steps, guidance);
        double shortMs = (System.nanoTime() - start) / 1e6;
        start = System.nanoTime();
        paint(painter, size, steps + 10, guidance);
        double stepMs = ((System.nanoTime() - start) / 1e6 - shortMs) / 10;

        System.out.printf(
            "round %d vae_ms=%.1f taesd_ms=%.1f preview_ms=%.1f preview_bytes=%d step_ms=%.1f%n",
            round, vaeMs, taesdMs, previewMs, bytes, stepMs);
        vae = Math.min(vae, vaeMs);
        taesd = Math.min(taesd, taesdMs);
        preview = Math.min(preview, previewMs);
        step = Math.min(step, stepMs);
      }
    }
    System.out.printf(
        "best vae_ms=%.1f taesd_ms=%.1f vae_over_taesd=%.1f preview_ms=%.1f step_ms=%.1f"
            + " preview_over_step=%.3f%n",
        vae, taesd, vae / taesd, preview, step, preview / step);
  }

  private static void paint(SdPainter painter, int size, int steps, double guidance) {
    painter.paint(
        "a lighthouse at dusk", null, 1, 1, size, size, steps, guidance, "euler", null, null);
  }
}
