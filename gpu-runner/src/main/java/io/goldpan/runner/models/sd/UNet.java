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
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The denoising UNet stage ({@code unet/model.onnx}, weights possibly in an external data file
 * beside it). Inputs {@code sample [batch, 4, h/8, w/8]}, {@code timestep} (int64 {@code [batch]}
 * in Optimum exports, a float scalar in others: read from the session), {@code
 * encoder_hidden_states [batch, 77, hidden]}, for LCM UNets {@code timestep_cond [batch, dim]}, and
 * for SDXL UNets the added conditions {@code text_embeds [batch, projection]} and {@code time_ids
 * [batch, 6]}; output {@code out_sample [batch, 4, h/8, w/8]}. float16 exports get and give
 * float16, converted here. Owns its session.
 */
public final class UNet implements AutoCloseable {
  private static final String SAMPLE = "sample";
  private static final String TIMESTEP = "timestep";
  private static final String HIDDEN = "encoder_hidden_states";
  private static final String TIMESTEP_COND = "timestep_cond";
  private static final String TEXT_EMBEDS = "text_embeds";
  private static final String TIME_IDS = "time_ids";
  private static final String OUTPUT = "out_sample";

  /** SDXL's time ids: original size, crop top-left, target size (diffusers' order). */
  public static final int TIME_IDS_COUNT = 6;

  private final OrtEnvironment env;
  private final OrtSession.SessionOptions options;
  private final OrtSession session;
  private final Path model;
  private final OnnxJavaType sampleType;
  private final OnnxJavaType hiddenType;
  private final OnnxJavaType timestepType;
  private final long[] timestepShape;
  private final OnnxJavaType condType;
  private final int condDim;
  private final OnnxJavaType textEmbedsType;
  private final int textEmbedsDim;
  private final OnnxJavaType timeIdsType;
  private final int fixedBatch;
  private final String output;

  private UNet(
      OrtEnvironment env, OrtSession.SessionOptions options, OrtSession session, Path model) {
    this.env = env;
    this.options = options;
    this.session = session;
    this.model = model;
    String name = model.toString();
    try {
      var inputs = session.getInputInfo();
      TensorInfo sample = Tensors.info(inputs, SAMPLE, name);
      sampleType = Tensors.requireFloating(sample, SAMPLE, name);
      fixedBatch = Tensors.fixedBatch(sample);
      hiddenType = Tensors.requireFloating(Tensors.info(inputs, HIDDEN, name), HIDDEN, name);
      TensorInfo timestep = Tensors.info(inputs, TIMESTEP, name);
      timestepType = timestep.type;
      if (!Arrays.asList(
              OnnxJavaType.INT64,
              OnnxJavaType.INT32,
              OnnxJavaType.FLOAT,
              OnnxJavaType.FLOAT16,
              OnnxJavaType.DOUBLE)
          .contains(timestepType)) {
        throw new ModelException(
            name + ": 'timestep' has type " + timestepType + ", expected an integer or float");
      }
      timestepShape = timestep.getShape();
      if (timestepShape.length > 1) {
        throw new ModelException(
            name + ": 'timestep' has rank " + timestepShape.length + ", expected 0 or 1");
      }
      if (inputs.containsKey(TIMESTEP_COND)) {
        TensorInfo cond = Tensors.info(inputs, TIMESTEP_COND, name);
        condType = Tensors.requireFloating(cond, TIMESTEP_COND, name);
        long[] shape = cond.getShape();
        if (shape.length != 2 || shape[1] <= 0) {
          throw new ModelException(
              name
                  + ": 'timestep_cond' must be [batch, dim] with a fixed dim, got "
                  + Arrays.toString(shape));
        }
        condDim = (int) shape[1];
      } else {
        condType = null;
        condDim = 0;
      }
      if (inputs.containsKey(TEXT_EMBEDS) != inputs.containsKey(TIME_IDS)) {
        throw new ModelException(
            name + ": an SDXL UNet takes both 'text_embeds' and 'time_ids', this one only one");
      }
      if (inputs.containsKey(TEXT_EMBEDS)) {
        TensorInfo embeds = Tensors.info(inputs, TEXT_EMBEDS, name);
        textEmbedsType = Tensors.requireFloating(embeds, TEXT_EMBEDS, name);
        textEmbedsDim = embeds.getShape().length == 2 ? (int) embeds.getShape()[1] : -1;
        TensorInfo timeIds = Tensors.info(inputs, TIME_IDS, name);
        timeIdsType = Tensors.requireFloating(timeIds, TIME_IDS, name);
        long[] shape = timeIds.getShape();
        if (shape.length != 2 || (shape[1] > 0 && shape[1] != TIME_IDS_COUNT)) {
          throw new ModelException(
              name
                  + ": 'time_ids' is "
                  + Arrays.toString(shape)
                  + ", expected [batch, 6] (original size, crop, target size); a refiner's"
                  + " aesthetic-score time ids are not supported");
        }
      } else {
        textEmbedsType = null;
        textEmbedsDim = 0;
        timeIdsType = null;
      }
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
   * @throws ModelException when the file (or its external weights) is missing or its inputs are not
   *     a Stable Diffusion UNet's
   */
  public static UNet open(OrtEnvironment env, Path model, SessionSettings settings) {
    return Sessions.openStage(
        env,
        model,
        settings::newOptions,
        settings.cache(),
        settings.describe(),
        (options, session) -> new UNet(env, options, session, model));
  }

  /** Size of the guidance-scale embedding fed as {@code timestep_cond}, or 0 when there is none. */
  public int guidanceEmbeddingDim() {
    return condDim;
  }

  /** Whether this is an SDXL UNet, taking {@code text_embeds} and {@code time_ids}. */
  public boolean takesAddedConditions() {
    return textEmbedsType != null;
  }

  /**
   * What a batch is conditioned on besides its sample and timestep.
   *
   * @param hidden {@code [batch, sequence, hiddenDim]} flattened
   * @param hiddenShape {@code {batch, sequence, hiddenDim}}
   * @param timestepCond {@code [batch, guidanceEmbeddingDim()]} flattened, or null without
   * @param textEmbeds SDXL's pooled text embeddings {@code [batch, projection]} flattened, or null
   * @param timeIds SDXL's time ids {@code [batch, 6]} flattened, or null
   */
  public record Conditioning(
      float[] hidden,
      long[] hiddenShape,
      float[] timestepCond,
      float[] textEmbeds,
      float[] timeIds) {

    /** Row {@code i} of a batch of {@code batch}. */
    Conditioning row(int i, int batch) {
      long[] oneHidden = hiddenShape.clone();
      oneHidden[0] = 1;
      return new Conditioning(
          slice(hidden, i, batch),
          oneHidden,
          slice(timestepCond, i, batch),
          slice(textEmbeds, i, batch),
          slice(timeIds, i, batch));
    }

    private static float[] slice(float[] values, int i, int batch) {
      if (values == null) {
        return null;
      }
      int size = values.length / batch;
      return Arrays.copyOfRange(values, i * size, (i + 1) * size);
    }
  }

  /**
   * The model output for one batch at one timestep.
   *
   * @param sample {@code [batch, 4, h, w]} flattened
   * @param sampleShape {@code {batch, 4, h, w}}
   * @return {@code [batch, 4, h, w]} flattened
   */
  public float[] predict(
      float[] sample, long[] sampleShape, float timestep, Conditioning conditioning) {
    int batch = (int) sampleShape[0];
    float[] timestepCond = conditioning.timestepCond();
    if (condDim > 0 && (timestepCond == null || timestepCond.length != batch * condDim)) {
      throw new IllegalArgumentException(
          "this UNet needs timestep_cond of " + batch + " x " + condDim);
    }
    if (takesAddedConditions()) {
      float[] embeds = conditioning.textEmbeds();
      float[] timeIds = conditioning.timeIds();
      if (embeds == null
          || embeds.length % batch != 0
          || (textEmbedsDim > 0 && embeds.length != batch * textEmbedsDim)) {
        throw new IllegalArgumentException(
            "this UNet needs text_embeds of " + batch + " x " + textEmbedsDim);
      }
      if (timeIds == null || timeIds.length != batch * TIME_IDS_COUNT) {
        throw new IllegalArgumentException(
            "this UNet needs time_ids of " + batch + " x " + TIME_IDS_COUNT);
      }
    }
    if (fixedBatch == 0 || fixedBatch == batch) {
      return run(sample, sampleShape, timestep, conditioning);
    }
    if (fixedBatch != 1) {
      throw new ModelException(
          model + " takes batches of exactly " + fixedBatch + ", not " + batch);
    }
    // an export with a fixed batch of 1: run image by image
    int sampleSize = sample.length / batch;
    long[] oneSample = sampleShape.clone();
    oneSample[0] = 1;
    float[] out = new float[sample.length];
    for (int i = 0; i < batch; i++) {
      float[] result =
          run(
              Arrays.copyOfRange(sample, i * sampleSize, (i + 1) * sampleSize),
              oneSample,
              timestep,
              conditioning.row(i, batch));
      System.arraycopy(result, 0, out, i * sampleSize, sampleSize);
    }
    return out;
  }

  private float[] run(
      float[] sample, long[] sampleShape, float timestep, Conditioning conditioning) {
    int batch = (int) sampleShape[0];
    Map<String, OnnxTensor> inputs = new HashMap<>();
    try {
      inputs.put(SAMPLE, Tensors.of(env, sample, sampleShape, sampleType));
      inputs.put(TIMESTEP, timestepTensor(timestep, batch));
      inputs.put(
          HIDDEN, Tensors.of(env, conditioning.hidden(), conditioning.hiddenShape(), hiddenType));
      if (condDim > 0) {
        inputs.put(
            TIMESTEP_COND,
            Tensors.of(env, conditioning.timestepCond(), new long[] {batch, condDim}, condType));
      }
      if (takesAddedConditions()) {
        float[] embeds = conditioning.textEmbeds();
        inputs.put(
            TEXT_EMBEDS,
            Tensors.of(env, embeds, new long[] {batch, embeds.length / batch}, textEmbedsType));
        inputs.put(
            TIME_IDS,
            Tensors.of(
                env, conditioning.timeIds(), new long[] {batch, TIME_IDS_COUNT}, timeIdsType));
      }
      try (OrtSession.Result result = session.run(inputs)) {
        return Tensors.floats(result.get(output).orElseThrow(), model + " output '" + output + "'");
      }
    } catch (OrtException e) {
      throw new ModelException(
          "UNet " + model + " failed at timestep " + timestep + ": " + e.getMessage(), e);
    } finally {
      inputs.values().forEach(OnnxTensor::close);
    }
  }

  /**
   * The timestep as the export declares it: a scalar, {@code [1]} or {@code [batch]}; integer types
   * truncate like diffusers' ONNX pipeline ({@code np.array([t], dtype=int64)}).
   */
  private OnnxTensor timestepTensor(float timestep, int batch) throws OrtException {
    long[] shape =
        timestepShape.length == 0 ? new long[0] : new long[] {timestepShape[0] == 1 ? 1 : batch};
    int count = shape.length == 0 ? 1 : (int) shape[0];
    switch (timestepType) {
      case INT64:
        {
          long[] values = new long[count];
          Arrays.fill(values, (long) timestep);
          return OnnxTensor.createTensor(env, LongBuffer.wrap(values), shape);
        }
      case INT32:
        {
          int[] values = new int[count];
          Arrays.fill(values, (int) timestep);
          return OnnxTensor.createTensor(env, IntBuffer.wrap(values), shape);
        }
      default:
        {
          float[] values = new float[count];
          Arrays.fill(values, timestep);
          return Tensors.of(env, values, shape, timestepType);
        }
    }
  }

  @Override
  public void close() {
    Sessions.closeQuietly(session);
    options.close();
  }
}
