package io.goldpan.runner.models.sd;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import io.goldpan.runner.models.ModelException;
import io.goldpan.runner.models.sd.internal.Sessions;
import io.goldpan.runner.models.sd.internal.SingleTensorStage;
import java.nio.file.Path;

/**
 * The VAE decoder stage ({@code vae_decoder/model.onnx}): {@code latent_sample [1, 4, h/8, w/8]}
 * (already divided by the scaling factor) to {@code sample [1, 3, h, w]} in about [-1, 1]. Decodes
 * one image at a time, as diffusers' ONNX pipeline does, to bound GPU memory. Owns its session.
 */
public final class VaeDecoder implements AutoCloseable {
  private static final String INPUT = "latent_sample";
  private static final String OUTPUT = "sample";

  private final SingleTensorStage stage;

  private VaeDecoder(
      OrtEnvironment env, OrtSession.SessionOptions options, OrtSession session, Path model) {
    this.stage = new SingleTensorStage(env, options, session, model, "VAE decoder", INPUT, OUTPUT);
  }

  /**
   * Opens {@code model} on {@code settings}.
   *
   * @throws ModelException when the file is missing or not usable
   */
  public static VaeDecoder open(OrtEnvironment env, Path model, SessionSettings settings) {
    return Sessions.openStage(
        env,
        model,
        settings::newOptions,
        settings.cache(),
        settings.describe(),
        (options, session) -> new VaeDecoder(env, options, session, model));
  }

  /**
   * Decodes one image.
   *
   * @param latents {@code [1, 4, h, w]} flattened, already divided by the scaling factor
   * @return {@code [1, 3, 8h, 8w]} flattened
   */
  public float[] decode(float[] latents, int latentHeight, int latentWidth) {
    long[] shape = {
      1, latents.length / ((long) latentHeight * latentWidth), latentHeight, latentWidth
    };
    return stage.run(latents, shape);
  }

  @Override
  public void close() {
    stage.close();
  }
}
