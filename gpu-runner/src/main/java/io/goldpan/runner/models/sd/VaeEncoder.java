package io.goldpan.runner.models.sd;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.goldpan.runner.models.ModelException;
import io.goldpan.runner.models.sd.internal.Sessions;
import io.goldpan.runner.models.sd.internal.Tensors;
import java.nio.file.Path;
import java.util.Map;

/**
 * The VAE encoder stage ({@code vae_encoder/model.onnx}) as Optimum exports it: {@code sample [1,
 * 3, h, w]} in [-1, 1] to the parameters of the latent distribution, {@code [1, 8, h/8, w/8]}: mean
 * then log-variance (diffusers' {@code DiagonalGaussianDistribution}). Owns its session.
 */
public final class VaeEncoder implements AutoCloseable {
  private static final String INPUT = "sample";
  private static final String OUTPUT = "latent_parameters";

  private final OrtEnvironment env;
  private final OrtSession.SessionOptions options;
  private final OrtSession session;
  private final Path model;
  private final String input;
  private final OnnxJavaType inputType;
  private final String output;

  private VaeEncoder(
      OrtEnvironment env, OrtSession.SessionOptions options, OrtSession session, Path model) {
    this.env = env;
    this.options = options;
    this.session = session;
    this.model = model;
    String name = model.toString();
    try {
      input =
          session.getInputNames().contains(INPUT)
              ? INPUT
              : session.getInputNames().iterator().next();
      inputType =
          Tensors.requireFloating(Tensors.info(session.getInputInfo(), input, name), input, name);
      output =
          session.getOutputNames().contains(OUTPUT)
              ? OUTPUT
              : session.getOutputNames().iterator().next();
      Tensors.requireFloating(Tensors.info(session.getOutputInfo(), output, name), output, name);
    } catch (OrtException e) {
      throw new ModelException("cannot read the inputs of " + model + ": " + e.getMessage(), e);
    }
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
    float[] parameters;
    try (OnnxTensor tensor = Tensors.of(env, pixels, shape, inputType);
        OrtSession.Result result = session.run(Map.of(input, tensor))) {
      parameters =
          Tensors.floats(result.get(output).orElseThrow(), model + " output '" + output + "'");
    } catch (OrtException e) {
      throw new ModelException("VAE encoder " + model + " failed: " + e.getMessage(), e);
    }
    long expected = 2L * latentChannels * (height / 8) * (width / 8);
    if (parameters.length != expected) {
      throw new ModelException(
          model
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
    Sessions.closeQuietly(session);
    options.close();
  }
}
