package io.goldpan.runner.config;

import java.nio.file.Path;

/**
 * One model a runner serves: a model built into the runner (such as {@code demo}), or a Stable
 * Diffusion directory in the ONNX (Optimum) layout.
 *
 * @param name the name jobs ask for
 * @param directory the model directory, or {@code null} for a built-in model
 * @param variable the configuration variable it came from, for error messages
 */
public record ModelSource(String name, Path directory, String variable) {
  /** A model built into the runner, found by name. */
  public static ModelSource builtIn(String name) {
    return new ModelSource(name, null, RunnerConfig.MODELS);
  }

  public boolean isBuiltIn() {
    return directory == null;
  }
}
