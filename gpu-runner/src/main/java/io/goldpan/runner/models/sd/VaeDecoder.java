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
 * The VAE decoder stage ({@code vae_decoder/model.onnx}): {@code latent_sample [1, 4, h/8, w/8]}
 * (already divided by the scaling factor) to {@code sample [1, 3, h, w]} in about [-1, 1]. Decodes
 * one image at a time, as diffusers' ONNX pipeline does, to bound GPU memory. Owns its session.
 */
public final class VaeDecoder implements AutoCloseable {
  private static final String INPUT = "latent_sample";
  private static final String OUTPUT = "sample";

  private final OrtEnvironment env;
  private final OrtSession.SessionOptions options;
  private final OrtSession session;
  private final Path model;
  private final String input;
  private final OnnxJavaType inputType;
  private final String output;

  private VaeDecoder(
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
    try (OnnxTensor tensor = Tensors.of(env, latents, shape, inputType);
        OrtSession.Result result = session.run(Map.of(input, tensor))) {
      return Tensors.floats(result.get(output).orElseThrow(), model + " output '" + output + "'");
    } catch (OrtException e) {
      throw new ModelException("VAE decoder " + model + " failed: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    Sessions.closeQuietly(session);
    options.close();
  }
}
