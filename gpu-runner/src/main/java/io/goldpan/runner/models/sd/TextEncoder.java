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
import java.util.Set;

/**
 * The CLIP text encoder stage ({@code text_encoder/model.onnx}): token ids {@code [1, 77]} (int32
 * or int64, as the export declares) to {@code last_hidden_state} {@code [1, 77, hidden]}. SDXL
 * exports also give every layer's hidden state ({@code hidden_states.0 …}, Optimum's names) and,
 * for the encoder with a projection ({@code text_encoder_2}), the pooled {@code text_embeds} {@code
 * [1, projection]}: see {@link #encodeForXl}. Owns its session.
 */
public final class TextEncoder implements AutoCloseable {
  private static final String INPUT = "input_ids";
  private static final String OUTPUT = "last_hidden_state";
  private static final String HIDDEN_STATES = "hidden_states.";
  private static final String TEXT_EMBEDS = "text_embeds";

  private final OrtEnvironment env;
  private final OrtSession.SessionOptions options;
  private final OrtSession session;
  private final Path model;
  private final OnnxJavaType idsType;
  private final String output;

  /** {@code hidden_states.(N-1)} of an export with N layers' hidden states, or null. */
  private final String penultimate;

  private final boolean projected;

  /** What an SDXL text encoder gives for one prompt. */
  public record XlEncoding(float[] penultimate, float[] textEmbeds) {}

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
      penultimate = penultimateOf(session.getOutputNames());
      projected = session.getOutputNames().contains(TEXT_EMBEDS);
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

  /**
   * SDXL's encoding of one prompt, as diffusers' {@code StableDiffusionXLPipeline.encode_prompt}
   * takes it: the penultimate layer's hidden state ({@code hidden_states[-2]}) and, when {@code
   * pooled}, the projected pooled output {@code text_embeds}.
   *
   * @param ids token ids, {@code [sequence]}
   * @return {@code [sequence, hidden]} flattened, and {@code [projection]} (null unless pooled)
   * @throws ModelException when the export lacks those outputs
   */
  public XlEncoding encodeForXl(int[] ids, boolean pooled) {
    requireXlOutputs(pooled);
    Set<String> wanted = pooled ? Set.of(penultimate, TEXT_EMBEDS) : Set.of(penultimate);
    long[] shape = {1, ids.length};
    try (OnnxTensor input = idsTensor(ids, shape);
        OrtSession.Result result = session.run(Map.of(INPUT, input), wanted)) {
      float[] hidden =
          Tensors.floats(
              result.get(penultimate).orElseThrow(), model + " output '" + penultimate + "'");
      float[] embeds =
          pooled
              ? Tensors.floats(
                  result.get(TEXT_EMBEDS).orElseThrow(), model + " output '" + TEXT_EMBEDS + "'")
              : null;
      return new XlEncoding(hidden, embeds);
    } catch (OrtException e) {
      throw new ModelException("text encoder " + model + " failed: " + e.getMessage(), e);
    }
  }

  /**
   * Checks that the export gives what SDXL takes from it.
   *
   * @param pooled whether {@code text_embeds} is needed too
   * @throws ModelException naming the file and what it lacks
   */
  void requireXlOutputs(boolean pooled) {
    if (penultimate == null) {
      throw new ModelException(
          model
              + " has no hidden_states.N outputs, which SDXL needs (its penultimate layer):"
              + " export the model with Optimum, which adds them for SDXL");
    }
    if (pooled && !projected) {
      throw new ModelException(
          model
              + " has no '"
              + TEXT_EMBEDS
              + "' output: SDXL's second text encoder must be a CLIPTextModelWithProjection");
    }
  }

  /** The second-to-last of the {@code hidden_states.i} outputs, i = 0 … N, or null. */
  private static String penultimateOf(Set<String> outputs) {
    int last = -1;
    for (String name : outputs) {
      if (name.startsWith(HIDDEN_STATES)) {
        try {
          last = Math.max(last, Integer.parseInt(name.substring(HIDDEN_STATES.length())));
        } catch (NumberFormatException e) {
          // not one of Optimum's numbered hidden states
        }
      }
    }
    if (last < 1 || !outputs.contains(HIDDEN_STATES + (last - 1))) {
      return null;
    }
    return HIDDEN_STATES + (last - 1);
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
