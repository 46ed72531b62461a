package io.goldpan.runner.hub;

import java.util.List;
import java.util.Optional;

/**
 * A short alias for a repo in the Optimum ONNX layout, with the settings the model wants. The repos
 * come from public documentation and were not checked against the Hub's file listings.
 *
 * @param alias what {@code models pull} accepts, and the model's default name
 * @param repo the Hub repo and revision
 * @param steps recommended steps
 * @param guidance recommended guidance scale
 * @param size recommended size, {@code WxH}
 * @param note what to know about it
 */
public record KnownModel(
    String alias, RepoRef repo, int steps, double guidance, String size, String note) {

  /** The aliases this build knows. */
  public static final List<KnownModel> ALL =
      List.of(
          new KnownModel(
              "sd-turbo",
              new RepoRef("tlwu/sd-turbo-onnxruntime", "main"),
              1,
              0,
              "512x512",
              "SD-Turbo, fp16, optimised for ONNX Runtime's CUDA provider (likely GPU only)"),
          new KnownModel(
              "sd15",
              new RepoRef("onnx-community/stable-diffusion-v1-5-ONNX", "main"),
              25,
              7.5,
              "512x512",
              "Stable Diffusion 1.5, fp32, about 5.5 GB"),
          new KnownModel(
              "sdxl-turbo",
              new RepoRef("tlwu/sdxl-turbo-onnxruntime", "main"),
              1,
              0,
              "512x512",
              "SDXL-Turbo, fp16, optimised for ONNX Runtime's CUDA provider (likely GPU only),"
                  + " about 7 GB"),
          new KnownModel(
              "lcm-dreamshaper",
              new RepoRef("SimianLuo/LCM_Dreamshaper_v7", "main"),
              4,
              1.5,
              "512x512",
              "LCM distilled Dreamshaper v7 (ONNX files beside the torch ones; only ONNX is"
                  + " pulled)"));

  /** The alias {@code name}, if it is one. */
  public static Optional<KnownModel> find(String name) {
    return ALL.stream().filter(known -> known.alias().equals(name)).findFirst();
  }
}
