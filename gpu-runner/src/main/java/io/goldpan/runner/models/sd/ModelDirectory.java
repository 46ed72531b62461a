package io.goldpan.runner.models.sd;

import com.fasterxml.jackson.databind.JsonNode;
import io.goldpan.runner.models.ModelException;
import io.goldpan.runner.models.sd.internal.Json;
import io.goldpan.runner.models.sd.internal.TokenizerFiles;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A Stable Diffusion model in the Hugging Face Optimum / diffusers ONNX layout, checked to be
 * complete before any session is opened. An SDXL export ({@code StableDiffusionXLPipeline} in
 * {@code model_index.json}, or a {@code text_encoder_2/} beside {@code text_encoder/}) also has a
 * second text encoder and tokenizer.
 *
 * @param root the directory holding {@code model_index.json}
 * @param pipelineClass {@code _class_name} of {@code model_index.json} (informational)
 * @param textEncoder {@code text_encoder/model.onnx}
 * @param unet {@code unet/model.onnx}
 * @param vaeDecoder {@code vae_decoder/model.onnx}
 * @param vaeEncoder {@code vae_encoder/model.onnx}, or null when the export has none (the model
 *     cannot vary images)
 * @param tokenizer the {@code tokenizer} directory: {@code tokenizer.json}, or {@code vocab.json}
 *     and {@code merges.txt} (see {@link ClipTokenizer})
 * @param scheduler {@code scheduler/scheduler_config.json}
 * @param vaeScalingFactor {@code scaling_factor} of {@code vae_decoder/config.json}, 0.18215 when
 *     absent
 * @param textEncoder2 SDXL's {@code text_encoder_2/model.onnx} (OpenCLIP with a projection), or
 *     null for SD 1.x/2.x
 * @param tokenizer2 SDXL's {@code tokenizer_2} directory, or null for SD 1.x/2.x
 * @param forceZerosForEmptyPrompt SDXL's {@code force_zeros_for_empty_prompt} of {@code
 *     model_index.json} (diffusers' default true when absent): without a negative prompt the
 *     unconditional embeddings are zeros rather than those of {@code ""}
 * @param tinyDecoder {@code taesd_decoder/model.onnx}: TAESD (diffusers' {@code AutoencoderTiny})
 *     decoder, for previews and fast decodes; null when the directory has none. The folder may be a
 *     link to one export shared by every model of a family (SD 1.x/2.x share one TAESD; SDXL needs
 *     TAESDXL).
 * @param tinyScalingFactor {@code scaling_factor} of {@code taesd_decoder/config.json}, 1.0 (as
 *     {@code AutoencoderTiny}'s) when absent: the UNet's latents are divided by it for TAESD
 */
public record ModelDirectory(
    Path root,
    String pipelineClass,
    Path textEncoder,
    Path unet,
    Path vaeDecoder,
    Path vaeEncoder,
    Path tokenizer,
    SchedulerConfig scheduler,
    float vaeScalingFactor,
    Path textEncoder2,
    Path tokenizer2,
    boolean forceZerosForEmptyPrompt,
    Path tinyDecoder,
    float tinyScalingFactor) {

  /** Stable Diffusion 1.x/2.x's latent scaling, diffusers' default. */
  public static final float DEFAULT_SCALING_FACTOR = 0.18215f;

  /** The folder of the optional TAESD decoder. */
  public static final String TINY_DECODER = "taesd_decoder";

  /**
   * Reads and checks {@code root}.
   *
   * @throws ModelException naming the first file that is missing or malformed
   */
  public static ModelDirectory open(Path root) {
    if (!Files.isDirectory(root)) {
      throw new ModelException("model directory " + root + " does not exist");
    }
    JsonNode index = Json.read(root.resolve("model_index.json"));
    JsonNode pipelineClass = index.get("_class_name");
    Path textEncoder = requireFile(root.resolve("text_encoder").resolve("model.onnx"));
    Path unet = requireFile(root.resolve("unet").resolve("model.onnx"));
    Path vaeDecoder = requireFile(root.resolve("vae_decoder").resolve("model.onnx"));
    Path vaeEncoder = root.resolve("vae_encoder").resolve("model.onnx");
    Path tokenizer = TokenizerFiles.locate(root.resolve("tokenizer")).directory();
    SchedulerConfig scheduler =
        SchedulerConfig.load(root.resolve("scheduler").resolve("scheduler_config.json"));
    String className =
        pipelineClass != null && pipelineClass.isTextual() ? pipelineClass.asText() : "unknown";
    Path textEncoder2 = root.resolve("text_encoder_2").resolve("model.onnx");
    boolean xl =
        className.contains("StableDiffusionXL") || Files.isDirectory(textEncoder2.getParent());
    Path tinyDecoder = root.resolve(TINY_DECODER).resolve("model.onnx");
    return new ModelDirectory(
        root,
        className,
        textEncoder,
        unet,
        vaeDecoder,
        Files.isRegularFile(vaeEncoder) ? vaeEncoder : null,
        tokenizer,
        scheduler,
        scalingFactor(root.resolve("vae_decoder").resolve("config.json"), DEFAULT_SCALING_FACTOR),
        xl ? requireFile(textEncoder2) : null,
        xl ? TokenizerFiles.locate(root.resolve("tokenizer_2")).directory() : null,
        forceZeros(index, root.resolve("model_index.json")),
        Files.isRegularFile(tinyDecoder) ? tinyDecoder : null,
        scalingFactor(root.resolve(TINY_DECODER).resolve("config.json"), 1f));
  }

  /** Whether the export has a TAESD decoder, for previews and {@code decoder: fast}. */
  public boolean hasTinyDecoder() {
    return tinyDecoder != null;
  }

  /** Whether this is an SDXL export: two text encoders, a UNet taking added conditions. */
  public boolean isXl() {
    return textEncoder2 != null;
  }

  /** Whether the export has a VAE encoder, so image-to-image can start from a picture. */
  public boolean canVary() {
    return vaeEncoder != null;
  }

  private static Path requireFile(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new ModelException(
          "missing model file " + file + ": the model directory is incomplete");
    }
    return file;
  }

  private static boolean forceZeros(JsonNode index, Path file) {
    JsonNode node = index.get("force_zeros_for_empty_prompt");
    if (node == null || node.isNull()) {
      return true;
    }
    if (!node.isBoolean()) {
      throw new ModelException(
          "malformed model file "
              + file
              + ": force_zeros_for_empty_prompt must be true or false, got "
              + node);
    }
    return node.booleanValue();
  }

  private static float scalingFactor(Path config, float absent) {
    JsonNode node = Json.readOptional(config).get("scaling_factor");
    if (node == null || node.isNull()) {
      return absent;
    }
    if (!node.isNumber() || node.doubleValue() <= 0) {
      throw new ModelException(
          "malformed model file "
              + config
              + ": scaling_factor must be a positive number, got "
              + node);
    }
    return (float) node.doubleValue();
  }
}
