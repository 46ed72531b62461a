package io.goldpan.runner.store;

import java.nio.file.Path;

/**
 * A model in the models folder.
 *
 * @param name the folder's name, which jobs and {@code generate --model} use
 * @param directory the model folder
 * @param diskBytes the size of every file in it
 * @param weightBytes the size of its ONNX files and their external data
 * @param precision {@code fp16}, {@code fp32} or {@code unknown}, from the UNet's initializers
 */
public record InstalledModel(
    String name, Path directory, long diskBytes, long weightBytes, String precision) {
  /**
   * A rough GPU memory need at 512×512: the weights plus about three quarters of them again for
   * activations and ONNX Runtime's arena (an SD 1.5 fp16 export: 2 GB of weights, ~3.5 GB in use).
   */
  public long gpuMemoryEstimate() {
    return weightBytes + weightBytes * 3 / 4;
  }
}
