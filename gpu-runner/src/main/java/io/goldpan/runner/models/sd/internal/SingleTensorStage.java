package io.goldpan.runner.models.sd.internal;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.goldpan.runner.models.ModelException;
import java.nio.file.Path;
import java.util.Map;

/**
 * A session with one floating-point tensor in and one out, as the VAE encoder and decoder are:
 * finds the input and output by their usual names (else the first of each), checks both are
 * floating point, runs one tensor through, and owns the session and its options.
 */
public final class SingleTensorStage implements AutoCloseable {
  private final OrtEnvironment env;
  private final OrtSession.SessionOptions options;
  private final OrtSession session;
  private final Path model;
  private final String what;
  private final String input;
  private final OnnxJavaType inputType;
  private final String output;

  /**
   * @param what what the stage is, for errors, e.g. {@code VAE decoder}
   * @param inputName the input's usual name; the first input when the model has no such input
   * @param outputName the output's usual name; the first output when the model has none such
   * @throws ModelException when the input or output is not floating point
   */
  public SingleTensorStage(
      OrtEnvironment env,
      OrtSession.SessionOptions options,
      OrtSession session,
      Path model,
      String what,
      String inputName,
      String outputName) {
    this.env = env;
    this.options = options;
    this.session = session;
    this.model = model;
    this.what = what;
    String name = model.toString();
    try {
      input =
          session.getInputNames().contains(inputName)
              ? inputName
              : session.getInputNames().iterator().next();
      inputType =
          Tensors.requireFloating(Tensors.info(session.getInputInfo(), input, name), input, name);
      output =
          session.getOutputNames().contains(outputName)
              ? outputName
              : session.getOutputNames().iterator().next();
      Tensors.requireFloating(Tensors.info(session.getOutputInfo(), output, name), output, name);
    } catch (OrtException e) {
      throw new ModelException("cannot read the inputs of " + model + ": " + e.getMessage(), e);
    }
  }

  /** The model file, for messages. */
  public Path model() {
    return model;
  }

  /**
   * Runs {@code values} of {@code shape} through the session.
   *
   * @return the output, flattened
   * @throws ModelException when ONNX Runtime fails
   */
  public float[] run(float[] values, long[] shape) {
    try (OnnxTensor tensor = Tensors.of(env, values, shape, inputType);
        OrtSession.Result result = session.run(Map.of(input, tensor))) {
      return Tensors.floats(result.get(output).orElseThrow(), model + " output '" + output + "'");
    } catch (OrtException e) {
      throw new ModelException(what + " " + model + " failed: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    Sessions.closeQuietly(session);
    options.close();
  }
}
