package io.goldpan.runner.models.sd;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import io.goldpan.runner.models.ModelException;
import io.goldpan.runner.models.sd.internal.Sessions;
import io.goldpan.runner.models.sd.internal.SingleTensorStage;
import java.nio.file.Path;

/**
 * The VAE encoder stage ({@code vae_encoder/model.onnx}) as Optimum exports it: {@code sample [1,
 * 3, h, w]} in [-1, 1] to the parameters of the latent distribution, {@code [1, 8, h/8, w/8]}: mean
 * then log-variance (diffusers' {@code DiagonalGaussianDistribution}). Owns its session.
 */
public final class VaeEncoder implements AutoCloseable {
  private static final String INPUT = "sample";
  private static final String OUTPUT = "latent_parameters";

  private final SingleTensorStage stage;

  private VaeEncoder(
      OrtEnvironment env, OrtSession.SessionOptions options, OrtSession session, Path model) {
    this.stage = new SingleTensorStage(env, options, session, model, "VAE encoder", INPUT, OUTPUT);
  }

  /**
   * Opens {@code model} on {@code settings}.
   *
   * @throws ModelException when the file is missing or not usable
   */
  public static VaeEncoder open(OrtEnvironment env, Path model, SessionSettings settings) {
    return Sessions.openStage(
        env,
        model,
        settings::newOptions,
        settings.cache(),
        settings.describe(),
        (options, session) -> new VaeEncoder(env, options, session, model));
  }

  /**
   * Encodes one image.
   *
   * @param pixels {@code [1, 3, height, width]} flattened, in [-1, 1]
   * @return {@code [1, 2 * channels, height/8, width/8]} flattened: mean, then log-variance
   * @throws ModelException when the output is not twice the latent channels
   */
  public float[] encode(float[] pixels, int height, int width, int latentChannels) {
    long[] shape = {1, 3, height, width};
    float[] parameters = stage.run(pixels, shape);
    long expected = 2L * latentChannels * (height / 8) * (width / 8);
    if (parameters.length != expected) {
      throw new ModelException(
          stage.model()
              + " gave "
              + parameters.length
              + " values, expected the mean and log-variance of the latents ("
              + expected
              + ")");
    }
    return parameters;
  }

  @Override
  public void close() {
    stage.close();
  }
}
