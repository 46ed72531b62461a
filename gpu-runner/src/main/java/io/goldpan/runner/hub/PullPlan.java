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
   * The pipeline parts the runner reads ({@code vae_encoder} only for image to image, so it is not
   * required); other folders (safety_checker, feature_extractor…) are left.
   */
  private static final Set<String> PARTS =
      Set.of("text_encoder", "unet", "vae_decoder", "vae_encoder", "tokenizer", "scheduler");

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
    boolean bpeFiles =
        paths.contains("tokenizer/vocab.json") && paths.contains("tokenizer/merges.txt");
    if (!bpeFiles && !paths.contains("tokenizer/tokenizer.json")) {
      missing.add("tokenizer/ (vocab.json and merges.txt, or tokenizer.json)");
    }
    return missing;
  }
}
