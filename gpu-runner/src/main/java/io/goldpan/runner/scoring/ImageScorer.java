package io.goldpan.runner.scoring;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import io.goldpan.contract.ImageScores;
import io.goldpan.runner.models.ExecutionProvider;
import io.goldpan.runner.models.ModelException;
import io.goldpan.runner.models.sd.ClipTokenizer;
import java.awt.image.BufferedImage;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Scores painted images with a CLIP image and text encoder and an aesthetic head, all in ONNX, from
 * a scorer directory (docs/scores.md):
 *
 * <ul>
 *   <li>{@code onnx/vision_model.onnx} (or {@code vision_model.onnx}): {@code pixel_values} {@code
 *       [batch, 3, 224, 224]} to {@code image_embeds} {@code [batch, dim]};
 *   <li>{@code onnx/text_model.onnx} (or {@code text_model.onnx}): {@code input_ids} {@code [batch,
 *       77]} (int32 or int64, and {@code attention_mask} when the export has one) to {@code
 *       text_embeds} {@code [batch, dim]};
 *   <li>{@code aesthetic.onnx}: {@code embedding} {@code [batch, dim]}, the L2-normalised image
 *       embedding, to {@code score} {@code [batch, 1]};
 *   <li>the CLIP tokenizer ({@code tokenizer.json}, or {@code vocab.json} and {@code merges.txt})
 *       and, optionally, {@code preprocessor_config.json}.
 * </ul>
 *
 * Owns its three sessions. Used by one thread at a time.
 */
public final class ImageScorer implements AutoCloseable {
  private final Path directory;
  private final OrtEnvironment env;
  private final ClipTokenizer tokenizer;
  private final ClipPreprocessor preprocessor;
  private final List<AutoCloseable> owned = new ArrayList<>();
  private final Stage vision;
  private final Stage text;
  private final Stage head;

  private ImageScorer(Path directory, OrtEnvironment env, ExecutionProvider provider) {
    this.directory = directory;
    this.env = env;
    try {
      this.tokenizer = ClipTokenizer.load(directory);
    } catch (ModelException e) {
      throw new ScorerException("scorer " + directory + ": " + e.getMessage(), e);
    }
    this.preprocessor = ClipPreprocessor.read(directory.resolve("preprocessor_config.json"));
    this.vision = open(provider, locate("vision_model.onnx"), "pixel_values", "image_embeds");
    this.text = open(provider, locate("text_model.onnx"), "input_ids", "text_embeds");
    this.head = open(provider, directory.resolve("aesthetic.onnx"), "embedding", "score");
  }

  /**
   * Opens the scorer in {@code directory} on {@code provider}.
   *
   * @throws ScorerException naming the file that is missing or unusable
   */
  public static ImageScorer open(Path directory, OrtEnvironment env, ExecutionProvider provider) {
    if (!Files.isDirectory(directory)) {
      throw new ScorerException("scorer directory " + directory + " does not exist");
    }
    return new ImageScorer(directory, env, provider);
  }

  /** Where the scorer was opened from. */
  public Path directory() {
    return directory;
  }

  /** How its pictures are prepared. */
  public ClipPreprocessor preprocessor() {
    return preprocessor;
  }

  /** The prompt's CLIP text embedding, {@code [dim]}, as the text model gives it. */
  public float[] textEmbedding(String prompt) {
    int[] ids = tokenizer.encode(prompt == null ? "" : prompt);
    int real = Math.min(tokenizer.tokenize(prompt == null ? "" : prompt).size(), ids.length - 2);
    long[] shape = {1, ids.length};
    Map<String, OnnxTensor> inputs = new HashMap<>();
    try {
      inputs.put(text.input, ids(text.inputType, ids, shape));
      if (text.session.getInputNames().contains("attention_mask")) {
        int[] mask = new int[ids.length];
        for (int i = 0; i < real + 2; i++) {
          mask[i] = 1;
        }
        OnnxJavaType type = inputType(text.session, "attention_mask");
        inputs.put("attention_mask", ids(type, mask, shape));
      }
      return text.run(inputs);
    } catch (OrtException e) {
      throw new ScorerException("text model of scorer " + directory + ": " + e.getMessage(), e);
    } finally {
      inputs.values().forEach(OnnxTensor::close);
    }
  }

  /** The picture's CLIP image embedding, {@code [dim]}, as the vision model gives it. */
  public float[] imageEmbedding(BufferedImage image) {
    int crop = preprocessor.crop();
    try (OnnxTensor pixels =
        OnnxTensor.createTensor(
            env, FloatBuffer.wrap(preprocessor.pixels(image)), new long[] {1, 3, crop, crop})) {
      return vision.run(Map.of(vision.input, pixels));
    } catch (OrtException e) {
      throw new ScorerException("vision model of scorer " + directory + ": " + e.getMessage(), e);
    }
  }

  /** The aesthetic head's score of an image embedding (normalised here first). */
  public double aesthetic(float[] imageEmbedding) {
    float[] unit = unit(imageEmbedding);
    try (OnnxTensor embedding =
        OnnxTensor.createTensor(env, FloatBuffer.wrap(unit), new long[] {1, unit.length})) {
      return head.run(Map.of(head.input, embedding))[0];
    } catch (OrtException e) {
      throw new ScorerException("aesthetic head of scorer " + directory + ": " + e.getMessage(), e);
    }
  }

  /** CLIPScore: {@code 100 × max(cos(image, text), 0)}. */
  public static double promptMatch(float[] imageEmbedding, float[] textEmbedding) {
    if (imageEmbedding.length != textEmbedding.length) {
      throw new ScorerException(
          "image and text embeddings differ in width: "
              + imageEmbedding.length
              + " and "
              + textEmbedding.length);
    }
    double dot = 0;
    double a = 0;
    double b = 0;
    for (int i = 0; i < imageEmbedding.length; i++) {
      dot += (double) imageEmbedding[i] * textEmbedding[i];
      a += (double) imageEmbedding[i] * imageEmbedding[i];
      b += (double) textEmbedding[i] * textEmbedding[i];
    }
    double cos = a == 0 || b == 0 ? 0 : dot / Math.sqrt(a * b);
    return 100 * Math.max(cos, 0);
  }

  /** Both scores of {@code image}, against a prompt embedding from {@link #textEmbedding}. */
  public ImageScores score(BufferedImage image, float[] promptEmbedding) {
    float[] embedding = imageEmbedding(image);
    return new ImageScores(aesthetic(embedding), promptMatch(embedding, promptEmbedding));
  }

  private static float[] unit(float[] v) {
    double norm = 0;
    for (float x : v) {
      norm += (double) x * x;
    }
    norm = Math.sqrt(norm);
    float[] out = new float[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = norm == 0 ? 0 : (float) (v[i] / norm);
    }
    return out;
  }

  private OnnxTensor ids(OnnxJavaType type, int[] values, long[] shape) throws OrtException {
    if (type == OnnxJavaType.INT32) {
      return OnnxTensor.createTensor(env, IntBuffer.wrap(values), shape);
    }
    long[] wide = new long[values.length];
    for (int i = 0; i < values.length; i++) {
      wide[i] = values[i];
    }
    return OnnxTensor.createTensor(env, LongBuffer.wrap(wide), shape);
  }

  private Path locate(String name) {
    Path nested = directory.resolve("onnx").resolve(name);
    return Files.isRegularFile(nested) ? nested : directory.resolve(name);
  }

  private static OnnxJavaType inputType(OrtSession session, String name) throws OrtException {
    NodeInfo info = session.getInputInfo().get(name);
    if (info == null || !(info.getInfo() instanceof TensorInfo tensor)) {
      throw new OrtException("no tensor input '" + name + "'");
    }
    return tensor.type;
  }

  private Stage open(ExecutionProvider provider, Path model, String input, String output) {
    if (!Files.isRegularFile(model)) {
      throw new ScorerException(
          "scorer "
              + directory
              + " lacks "
              + directory.relativize(model)
              + " (see docs/scores.md for the layout)");
    }
    OrtSession.SessionOptions options = provider.newSessionOptions();
    owned.add(options);
    try {
      OrtSession session = env.createSession(model.toString(), options);
      owned.add(session);
      String in = session.getInputNames().contains(input) ? input : null;
      if (in == null) {
        throw new ScorerException(
            model + " has no input '" + input + "' (it has " + session.getInputNames() + ")");
      }
      String out =
          session.getOutputNames().contains(output)
              ? output
              : session.getOutputNames().iterator().next();
      return new Stage(session, in, inputType(session, in), out, model);
    } catch (OrtException e) {
      close();
      throw new ScorerException("cannot open " + model + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  /** Frees the sessions. */
  @Override
  public void close() {
    for (int i = owned.size() - 1; i >= 0; i--) {
      try {
        owned.get(i).close();
      } catch (Exception e) {
        // closing native handles does not fail in a way anyone could act on
      }
    }
    owned.clear();
  }

  /** One session and the names of its one input and output. */
  private record Stage(
      OrtSession session, String input, OnnxJavaType inputType, String output, Path model) {
    /** Runs it, returning the first row of its output as floats. */
    float[] run(Map<String, OnnxTensor> inputs) throws OrtException {
      try (OrtSession.Result result = session.run(inputs, Set.of(output))) {
        Object value = result.get(0).getValue();
        if (value instanceof float[][] rows) {
          return rows[0];
        }
        throw new OrtException(model + ": output '" + output + "' is not float [batch, n]");
      }
    }
  }
}
