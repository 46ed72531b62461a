package io.goldpan.runner.scoring;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.goldpan.runner.scoring.internal.PilBicubic;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CLIP's image preprocessing as transformers' {@code CLIPImageProcessor} does it with Pillow:
 * bicubic resize so the short side is {@code shortestEdge} ({@link PilBicubic}, bit for bit),
 * centre crop to {@code crop} × {@code crop}, rescale by 1/255, then per channel {@code (x - mean)
 * / std}.
 *
 * @param shortestEdge the short side after resizing (224 for CLIP ViT-L/14)
 * @param crop the side of the square centre crop (224)
 * @param mean per-channel mean, R G B
 * @param std per-channel standard deviation, R G B
 */
public record ClipPreprocessor(int shortestEdge, int crop, float[] mean, float[] std) {
  /** CLIP's own values, those of openai/clip-vit-large-patch14. */
  public static final ClipPreprocessor CLIP =
      new ClipPreprocessor(
          224,
          224,
          new float[] {0.48145466f, 0.4578275f, 0.40821073f},
          new float[] {0.26862954f, 0.26130258f, 0.27577711f});

  private static final int BICUBIC = 3;
  private static final int MAX_SIDE = 1024;

  public ClipPreprocessor {
    if (shortestEdge < 1 || shortestEdge > MAX_SIDE || crop < 1 || crop > shortestEdge) {
      throw new ScorerException(
          "preprocessing needs 1 <= crop <= shortest edge <= "
              + MAX_SIDE
              + ", got crop "
              + crop
              + " and shortest edge "
              + shortestEdge);
    }
    if (mean.length != 3 || std.length != 3) {
      throw new ScorerException("image_mean and image_std need 3 values each (R, G, B)");
    }
    mean = mean.clone();
    std = std.clone();
  }

  /**
   * The preprocessing {@code preprocessor_config.json} describes, or {@link #CLIP} when the file is
   * absent.
   *
   * @throws ScorerException when the file is unreadable or asks for what this class cannot do
   */
  public static ClipPreprocessor read(Path file) {
    if (!Files.isRegularFile(file)) {
      return CLIP;
    }
    JsonNode config;
    try {
      config = new ObjectMapper().readTree(file.toFile());
    } catch (IOException e) {
      throw new ScorerException("cannot read " + file + ": " + e.getMessage(), e);
    }
    if (config.path("resample").asInt(BICUBIC) != BICUBIC
        || !config.path("do_resize").asBoolean(true)
        || !config.path("do_center_crop").asBoolean(true)
        || !config.path("do_normalize").asBoolean(true)
        || Math.abs(config.path("rescale_factor").asDouble(1 / 255.0) - 1 / 255.0) > 1e-12) {
      throw new ScorerException(
          file
              + " asks for a preprocessing other than CLIP's (bicubic resize, centre crop, 1/255,"
              + " mean/std); only CLIP's is supported");
    }
    // older exports (CLIPFeatureExtractor) write plain numbers: "size": 224, "crop_size": 224
    JsonNode size = config.path("size");
    int edge = size.isNumber() ? size.asInt() : size.path("shortest_edge").asInt(CLIP.shortestEdge);
    JsonNode crop = config.path("crop_size");
    int height = crop.isNumber() ? crop.asInt() : crop.path("height").asInt(CLIP.crop);
    int width = crop.isNumber() ? crop.asInt() : crop.path("width").asInt(CLIP.crop);
    if (height != width) {
      throw new ScorerException(file + ": crop_size must be square, got " + width + "×" + height);
    }
    return new ClipPreprocessor(
        edge,
        height,
        floats(config, "image_mean", CLIP.mean),
        floats(config, "image_std", CLIP.std));
  }

  private static float[] floats(JsonNode config, String field, float[] fallback) {
    JsonNode node = config.path(field);
    if (!node.isArray()) {
      return fallback;
    }
    float[] values = new float[node.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) node.get(i).asDouble();
    }
    return values;
  }

  /** The side lengths after the resize: the short side {@link #shortestEdge}, as Python rounds. */
  public int[] resizedSize(int width, int height) {
    if (Math.min(width, height) == shortestEdge) {
      return new int[] {width, height};
    }
    if (width <= height) {
      return new int[] {shortestEdge, (int) ((double) shortestEdge * height / width)};
    }
    return new int[] {(int) ((double) shortestEdge * width / height), shortestEdge};
  }

  /** The resized and centre-cropped picture, interleaved 8-bit R G B, {@code crop × crop}. */
  public byte[] cropRgb(BufferedImage image) {
    int width = image.getWidth();
    int height = image.getHeight();
    int[] argb = image.getRGB(0, 0, width, height, null, 0, width);
    byte[] rgb = new byte[width * height * 3];
    for (int i = 0; i < argb.length; i++) {
      rgb[i * 3] = (byte) (argb[i] >> 16);
      rgb[i * 3 + 1] = (byte) (argb[i] >> 8);
      rgb[i * 3 + 2] = (byte) argb[i];
    }
    int[] size = resizedSize(width, height);
    byte[] resized = PilBicubic.resize(rgb, width, height, size[0], size[1]);
    int left = (size[0] - crop) / 2;
    int top = (size[1] - crop) / 2;
    byte[] out = new byte[crop * crop * 3];
    for (int y = 0; y < crop; y++) {
      System.arraycopy(resized, ((top + y) * size[0] + left) * 3, out, y * crop * 3, crop * 3);
    }
    return out;
  }

  /** The model's input for {@code image}: {@code [3, crop, crop]} floats, channel first. */
  public float[] pixels(BufferedImage image) {
    byte[] rgb = cropRgb(image);
    int plane = crop * crop;
    float[] out = new float[3 * plane];
    for (int i = 0; i < plane; i++) {
      for (int c = 0; c < 3; c++) {
        // as numpy: rescaled in double, stored as float, normalised in float
        float scaled = (float) ((rgb[i * 3 + c] & 0xff) * (1 / 255.0));
        out[c * plane + i] = (scaled - mean[c]) / std[c];
      }
    }
    return out;
  }
}
