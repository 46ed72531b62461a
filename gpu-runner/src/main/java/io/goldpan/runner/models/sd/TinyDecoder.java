package io.goldpan.runner.models.sd;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import io.goldpan.runner.models.ModelException;
import io.goldpan.runner.models.sd.internal.Sessions;
import io.goldpan.runner.models.sd.internal.SingleTensorStage;
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

  @Override
  public void close() {
    stage.close();
  }
}
