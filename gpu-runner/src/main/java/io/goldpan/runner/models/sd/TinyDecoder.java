package io.goldpan.runner.models.sd;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import io.goldpan.runner.models.ModelException;
import io.goldpan.runner.models.sd.internal.Images;
import io.goldpan.runner.models.sd.internal.Sessions;
import io.goldpan.runner.models.sd.internal.SingleTensorStage;
import java.awt.image.BufferedImage;
import java.nio.file.Path;

/**
 * The TAESD decoder stage ({@code taesd_decoder/model.onnx}, diffusers' {@code AutoencoderTiny}
 * decoder exported like {@code vae_decoder}): {@code latent_sample [1, 4, h/8, w/8]} to {@code
 * sample [1, 3, h, w]} in about [-1, 1]. TAESD was trained on latents as the UNet produces them, so
 * they are divided by its own scaling factor (1.0), not the VAE's. A fraction of the VAE's cost,
 * for previews while a job paints and for {@code decoder: fast}. Owns its session; safe to call
 * from a preview thread while the UNet runs on another.
 */
public final class TinyDecoder implements AutoCloseable {
  private static final String INPUT = "latent_sample";
  private static final String OUTPUT = "sample";

  private final SingleTensorStage stage;
  private final float scalingFactor;

  private TinyDecoder(
      OrtEnvironment env,
      OrtSession.SessionOptions options,
      OrtSession session,
      Path model,
      float scalingFactor) {
    this.stage =
        new SingleTensorStage(env, options, session, model, "TAESD decoder", INPUT, OUTPUT);
    this.scalingFactor = scalingFactor;
  }

  /**
   * Opens {@code model} on {@code settings}; {@code scalingFactor} is {@code
   * taesd_decoder/config.json}'s (1.0 for {@code AutoencoderTiny}).
   *
   * @throws ModelException when the file is missing or not usable
   */
  public static TinyDecoder open(
      OrtEnvironment env, Path model, float scalingFactor, SessionSettings settings) {
    return Sessions.openStage(
        env,
        model,
        settings::newOptions,
        settings.cache(),
        settings.describe(),
        (options, session) -> new TinyDecoder(env, options, session, model, scalingFactor));
  }

  /**
   * Decodes one image.
   *
   * @param latents {@code [1, 4, h, w]} flattened, as the UNet's steps leave them (not divided by
   *     the VAE's scaling factor); not changed
   * @return {@code [1, 3, 8h, 8w]} flattened, in about [-1, 1]
   */
  public float[] decode(float[] latents, int latentHeight, int latentWidth) {
    float[] scaled = new float[latents.length];
    for (int i = 0; i < scaled.length; i++) {
      scaled[i] = latents[i] / scalingFactor;
    }
    long[] shape = {
      1, latents.length / ((long) latentHeight * latentWidth), latentHeight, latentWidth
    };
    return stage.run(scaled, shape);
  }

  /** Pixels per latent on each side. */
  private static final int LATENT_SCALE = 8;

  /**
   * A preview of one image: its latents averaged by {@link #previewPooling}, then decoded.
   *
   * @param latents {@code [1, 4, h, w]} flattened, as for {@link #decode}; not changed
   */
  public BufferedImage preview(float[] latents, int latentHeight, int latentWidth) {
    int f = previewPooling(latentHeight, latentWidth);
    float[] pooled = pool(latents, latentHeight, latentWidth, f);
    return Images.toRgb(
        decode(pooled, latentHeight / f, latentWidth / f),
        latentWidth / f * LATENT_SCALE,
        latentHeight / f * LATENT_SCALE);
  }

  /** The side previews are at most ({@code LivePreviews} scales them to it). */
  public static final int PREVIEW_SIDE = 256;

  /**
   * By how much a preview's latents are averaged before TAESD decodes them: the largest power of
   * two that divides both sides and still leaves a picture of at least {@link #PREVIEW_SIDE} on its
   * longer side. TAESD's cost grows with the pixels it paints, so a 512² job's previews cost a
   * quarter of a full-size decode for the same 256 px JPEG; small pictures are decoded as they are.
   */
  public static int previewPooling(int latentHeight, int latentWidth) {
    int f = 1;
    while (latentHeight % (2 * f) == 0
        && latentWidth % (2 * f) == 0
        && Math.max(latentHeight, latentWidth) / (2 * f) * LATENT_SCALE >= PREVIEW_SIDE) {
      f *= 2;
    }
    return f;
  }

  /** {@code [c, h, w]} latents averaged over {@code f × f} blocks into {@code [c, h/f, w/f]}. */
  public static float[] pool(float[] latents, int height, int width, int f) {
    if (f == 1) {
      return latents;
    }
    int channels = latents.length / (height * width);
    int h = height / f;
    int w = width / f;
    float[] out = new float[channels * h * w];
    for (int c = 0; c < channels; c++) {
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          float sum = 0;
          for (int dy = 0; dy < f; dy++) {
            for (int dx = 0; dx < f; dx++) {
              sum += latents[(c * height + y * f + dy) * width + x * f + dx];
            }
          }
          out[(c * h + y) * w + x] = sum / (f * f);
        }
      }
    }
    return out;
  }

  @Override
  public void close() {
    stage.close();
  }
}
