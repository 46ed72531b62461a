package io.goldpan.runner.models.demo;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.goldpan.contract.JobMessage;
import io.goldpan.runner.models.ExecutionProvider;
import io.goldpan.runner.models.Model;
import io.goldpan.runner.models.ModelException;
import io.goldpan.runner.models.PaintingCancelledException;
import io.goldpan.runner.models.StepListener;
import java.awt.image.BufferedImage;
import java.nio.FloatBuffer;
import java.time.Duration;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;

/**
 * The demo model: a small CPPN ({@link CppnGraph}) run through ONNX Runtime. It paints colourful
 * abstract pictures in milliseconds on a CPU; the prompt picks the style and the seed varies it.
 * Steps, guidance and the negative prompt are ignored, unless it is slowed down for a test or a
 * demo ({@code GOLDPAN_DEMO_STEP_DELAY}): then each image takes the job's {@code steps}, each as
 * long as the delay, reported and cancellable like a real model's.
 */
public final class DemoModel implements Model {
  /** The model name jobs use. */
  public static final String NAME = "demo";

  /** How far the seed moves the picture away from the prompt's own look (0 = not at all). */
  private static final double SEED_WEIGHT = 0.55;

  /** Length of the latent vector fed to the graph; sets how strongly it steers the network. */
  private static final double LATENT_NORM = 2.0;

  private final OrtEnvironment env;
  private final OrtSession.SessionOptions options;
  private final OrtSession session;
  private final Duration stepDelay;

  private DemoModel(
      OrtEnvironment env,
      OrtSession.SessionOptions options,
      OrtSession session,
      Duration stepDelay) {
    this.env = env;
    this.options = options;
    this.session = session;
    this.stepDelay = stepDelay;
  }

  /**
   * Builds the graph and opens its session on {@code provider}.
   *
   * @throws ModelException when ONNX Runtime refuses the graph
   */
  public static DemoModel open(OrtEnvironment env, ExecutionProvider provider) {
    return open(env, provider, Duration.ZERO);
  }

  /**
   * As {@link #open(OrtEnvironment, ExecutionProvider)}, slowed to {@code stepDelay} per step of a
   * job's {@code steps} when it is not zero.
   */
  public static DemoModel open(OrtEnvironment env, ExecutionProvider provider, Duration stepDelay) {
    OrtSession.SessionOptions options = provider.newSessionOptions();
    try {
      return new DemoModel(env, options, env.createSession(CppnGraph.build(), options), stepDelay);
    } catch (OrtException e) {
      options.close();
      throw new ModelException(
          "cannot load the demo model into ONNX Runtime: " + e.getMessage(), e);
    }
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public BufferedImage paint(JobMessage job, int index, StepListener progress) {
    return paint(job, index, progress, () -> false);
  }

  @Override
  public BufferedImage paint(
      JobMessage job, int index, StepListener progress, BooleanSupplier cancelled) {
    if (stepDelay.isZero()) {
      return paintNow(job, index, progress);
    }
    for (int step = 1; step <= job.parameters().steps(); step++) {
      if (cancelled.getAsBoolean()) {
        throw new PaintingCancelledException(
            "jobId=" + job.jobId() + " cancelled at step " + step + " of image " + index);
      }
      try {
        Thread.sleep(stepDelay.toMillis(), stepDelay.toNanosPart() % 1_000_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new PaintingCancelledException(
            "jobId=" + job.jobId() + " interrupted at step " + step + " of image " + index);
      }
      if (step < job.parameters().steps()) {
        progress.onStep(step, job.parameters().steps());
      }
    }
    BufferedImage image = paintNow(job, index, StepListener.NONE);
    progress.onStep(job.parameters().steps(), job.parameters().steps());
    return image;
  }

  private BufferedImage paintNow(JobMessage job, int index, StepListener progress) {
    int width = job.parameters().width();
    int height = job.parameters().height();
    float[] latent = latent(job.parameters().prompt(), job.parameters().seedOf(index));
    try (OnnxTensor coords =
            OnnxTensor.createTensor(
                env, coordinates(width, height), new long[] {(long) width * height, 4});
        OnnxTensor z =
            OnnxTensor.createTensor(env, FloatBuffer.wrap(latent), new long[] {1, CppnGraph.Z});
        OrtSession.Result result =
            session.run(Map.of(CppnGraph.COORDS, coords, CppnGraph.LATENT, z))) {
      FloatBuffer rgb = ((OnnxTensor) result.get(0)).getFloatBuffer();
      progress.onStep(1, 1);
      return toImage(rgb, width, height);
    } catch (OrtException e) {
      throw new ModelException(
          "demo model failed on image "
              + index
              + " of jobId="
              + job.jobId()
              + ": "
              + e.getMessage(),
          e);
    }
  }

  /**
   * The latent input: the prompt's embedding nudged by a Gaussian direction drawn from the seed,
   * scaled to a fixed length. Shape {@code [Z]}.
   */
  static float[] latent(String prompt, long seed) {
    float[] style = PromptEmbedding.of(prompt, CppnGraph.Z);
    float[] noise =
        PromptEmbedding.normalized(
            toDoubles(CppnGraph.gaussian(new SplittableRandom(seed), CppnGraph.Z, 1.0)));
    double[] mix = new double[CppnGraph.Z];
    for (int i = 0; i < mix.length; i++) {
      mix[i] = style[i] + SEED_WEIGHT * noise[i];
    }
    float[] unit = PromptEmbedding.normalized(mix);
    for (int i = 0; i < unit.length; i++) {
      unit[i] *= (float) LATENT_NORM;
    }
    return unit;
  }

  /** Pixel coordinates, row-major, shape {@code [width * height, 4]}: x, y, radius, 1. */
  static FloatBuffer coordinates(int width, int height) {
    // The longer side spans [-1, 1] so shapes keep their proportions on non-square images.
    double half = Math.max(width, height) / 2.0;
    FloatBuffer coords = FloatBuffer.allocate(width * height * 4);
    for (int row = 0; row < height; row++) {
      float y = (float) ((row + 0.5 - height / 2.0) / half);
      for (int col = 0; col < width; col++) {
        float x = (float) ((col + 0.5 - width / 2.0) / half);
        coords.put(x).put(y).put((float) Math.sqrt(x * x + y * y)).put(1f);
      }
    }
    return coords.flip();
  }

  private static BufferedImage toImage(FloatBuffer rgb, int width, int height) {
    int[] pixels = new int[width * height];
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = channel(rgb.get()) << 16 | channel(rgb.get()) << 8 | channel(rgb.get());
    }
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    image.setRGB(0, 0, width, height, pixels, 0, width);
    return image;
  }

  private static int channel(float value) {
    return Math.max(0, Math.min(255, Math.round(value * 255f)));
  }

  private static double[] toDoubles(float[] values) {
    double[] doubles = new double[values.length];
    for (int i = 0; i < values.length; i++) {
      doubles[i] = values[i];
    }
    return doubles;
  }

  @Override
  public void close() {
    try {
      session.close();
    } catch (OrtException e) {
      throw new ModelException(
          "cannot close the demo model's ONNX Runtime session: " + e.getMessage(), e);
    } finally {
      options.close();
    }
  }
}
