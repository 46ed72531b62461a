package io.goldpan.runner.models.sd;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import io.goldpan.runner.models.ModelException;
import io.goldpan.runner.models.sd.internal.Sessions;
import io.goldpan.runner.models.sd.internal.Tensors;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.nio.file.Path;
import java.util.Map;

/**
 * The CLIP text encoder stage ({@code text_encoder/model.onnx}): token ids {@code [1, 77]} (int32
 * or int64, as the export declares) to {@code last_hidden_state} {@code [1, 77, hidden]}. Owns its
 * session.
 */
public final class TextEncoder implements AutoCloseable {
  private static final String INPUT = "input_ids";
  private static final String OUTPUT = "last_hidden_state";

  private final OrtEnvironment env;
  private final OrtSession.SessionOptions options;
  private final OrtSession session;
  private final Path model;
  private final OnnxJavaType idsType;
  private final String output;

  private TextEncoder(
      OrtEnvironment env, OrtSession.SessionOptions options, OrtSession session, Path model) {
    this.env = env;
    this.options = options;
    this.session = session;
    this.model = model;
    try {
      TensorInfo ids = Tensors.info(session.getInputInfo(), INPUT, model.toString());
      if (ids.type != OnnxJavaType.INT32 && ids.type != OnnxJavaType.INT64) {
        throw new ModelException(
            model + ": '" + INPUT + "' has type " + ids.type + ", expected int32 or int64");
      }
      idsType = ids.type;
      output =
          session.getOutputNames().contains(OUTPUT)
              ? OUTPUT
              : session.getOutputNames().iterator().next();
      Tensors.requireFloating(
          Tensors.info(session.getOutputInfo(), output, model.toString()),
          output,
          model.toString());
    } catch (OrtException e) {
      throw new ModelException("cannot read the inputs of " + model + ": " + e.getMessage(), e);
    }
  }

  /**
   * Opens {@code model} on {@code settings}.
   *
   * @throws ModelException when the file is missing or not a usable CLIP text encoder
   */
  public static TextEncoder open(OrtEnvironment env, Path model, SessionSettings settings) {
    return Sessions.openStage(
        env,
        model,
        settings::newOptions,
        settings.cache(),
        settings.describe(),
        (options, session) -> new TextEncoder(env, options, session, model));
  }

  /**
   * The hidden states of one prompt.
   *
   * @param ids token ids, {@code [sequence]}
   * @return {@code [sequence, hidden]} flattened
   */
  public float[] encode(int[] ids) {
    long[] shape = {1, ids.length};
    try (OnnxTensor input = idsTensor(ids, shape);
        OrtSession.Result result = session.run(Map.of(INPUT, input))) {
      return Tensors.floats(result.get(output).orElseThrow(), model + " output '" + output + "'");
    } catch (OrtException e) {
      throw new ModelException("text encoder " + model + " failed: " + e.getMessage(), e);
    }
  }

  private OnnxTensor idsTensor(int[] ids, long[] shape) throws OrtException {
    if (idsType == OnnxJavaType.INT32) {
      return OnnxTensor.createTensor(env, IntBuffer.wrap(ids), shape);
    }
    long[] wide = new long[ids.length];
    for (int i = 0; i < ids.length; i++) {
      wide[i] = ids[i];
    }
    return OnnxTensor.createTensor(env, LongBuffer.wrap(wide), shape);
  }

  @Override
  public void close() {
    Sessions.closeQuietly(session);
    options.close();
  }
}
