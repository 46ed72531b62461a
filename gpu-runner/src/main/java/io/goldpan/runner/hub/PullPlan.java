package io.goldpan.runner.hub;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which files of a repo the runner needs (the ONNX export and its configs, never torch weights),
 * and which required parts a repo lacks.
 */
final class PullPlan {
  /**
   * The pipeline parts the runner reads ({@code vae_encoder} only for image to image and {@code
   * taesd_decoder} only for previews and {@code decoder: fast}, so neither is required; {@code
   * text_encoder_2} and {@code tokenizer_2} only in SDXL); other folders (safety_checker,
   * feature_extractor…) are left.
   */
  private static final Set<String> PARTS =
      Set.of(
          "text_encoder",
          "text_encoder_2",
          "unet",
          "vae_decoder",
          "vae_encoder",
          "taesd_decoder",
          "tokenizer",
          "tokenizer_2",
          "scheduler");

  private static final List<String> TORCH_WEIGHTS =
      List.of(".safetensors", ".bin", ".ckpt", ".pt", ".pth", ".msgpack", ".h5");

  private PullPlan() {}

  /** The files of {@code listing} to download. */
  static List<HubFile> select(List<HubFile> listing) {
    return listing.stream().filter(file -> needed(file.path())).toList();
  }

  static boolean needed(String path) {
    String lower = path.toLowerCase(Locale.ROOT);
    if (lower.equals("model_index.json")) {
      return true;
    }
    int slash = lower.indexOf('/');
    if (slash < 0 || !PARTS.contains(lower.substring(0, slash))) {
      return false;
    }
    if (TORCH_WEIGHTS.stream().anyMatch(lower::endsWith)) {
      return false;
    }
    String name = lower.substring(lower.lastIndexOf('/') + 1);
    return name.endsWith(".onnx")
        || name.endsWith(".onnx_data")
        || name.endsWith(".onnx.data")
        || name.equals("weights.pb")
        || name.endsWith(".json")
        || name.endsWith(".txt")
        || name.endsWith(".model");
  }

  /** What the runner needs that {@code listing} lacks, e.g. {@code unet/model.onnx}. */
  static List<String> missing(List<HubFile> listing) {
    Set<String> paths = listing.stream().map(HubFile::path).collect(Collectors.toSet());
    List<String> missing = new ArrayList<>();
    for (String required :
        List.of(
            "model_index.json",
            "unet/model.onnx",
            "text_encoder/model.onnx",
            "vae_decoder/model.onnx",
            "scheduler/scheduler_config.json")) {
      if (!paths.contains(required)) {
        missing.add(required);
      }
    }
    if (!hasTokenizer(paths, "tokenizer")) {
      missing.add("tokenizer/ (vocab.json and merges.txt, or tokenizer.json)");
    }
    // an SDXL repo: the second encoder needs its tokenizer and the other way round
    boolean xl =
        paths.stream()
            .anyMatch(p -> p.startsWith("text_encoder_2/") || p.startsWith("tokenizer_2/"));
    if (xl && !paths.contains("text_encoder_2/model.onnx")) {
      missing.add("text_encoder_2/model.onnx");
    }
    if (xl && !hasTokenizer(paths, "tokenizer_2")) {
      missing.add("tokenizer_2/ (vocab.json and merges.txt, or tokenizer.json)");
    }
    return missing;
  }

  private static boolean hasTokenizer(Set<String> paths, String folder) {
    return (paths.contains(folder + "/vocab.json") && paths.contains(folder + "/merges.txt"))
        || paths.contains(folder + "/tokenizer.json");
  }
}
