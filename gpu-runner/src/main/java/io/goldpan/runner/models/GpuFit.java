package io.goldpan.runner.models;

import io.goldpan.runner.cuda.NvidiaDriver;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Whether a model fits the GPU's free memory, asked before its sessions open: a model that cannot
 * fit then fails its jobs with a reason a person can act on, not with a native allocation error.
 * The estimate is rough: the ONNX weights of its stages plus a working margin.
 */
public final class GpuFit {
  /** Activations, workspaces and the CUDA context at 512×512, batch 1: about 1.5 GiB. */
  public static final long MARGIN = 3L << 29;

  /** The stages whose sessions a model opens (SDXL's second text encoder too). */
  private static final List<String> STAGES =
      List.of("text_encoder", "text_encoder_2", "unet", "vae_decoder");

  private GpuFit() {}

  /** Bytes of GPU memory the model in {@code directory} needs, roughly. */
  public static long neededBytes(Path directory) {
    return weightBytes(directory) + MARGIN;
  }

  /** Bytes of the ONNX files of the model's stages in {@code directory}. */
  public static long weightBytes(Path directory) {
    long bytes = 0;
    for (String stage : STAGES) {
      Path dir = directory.resolve(stage);
      if (!Files.isDirectory(dir)) {
        continue;
      }
      try (Stream<Path> files = Files.walk(dir)) {
        bytes += files.filter(Files::isRegularFile).mapToLong(GpuFit::size).sum();
      } catch (IOException e) {
        // counted as far as it could be listed
      }
    }
    return bytes;
  }

  /**
   * @throws ModelException naming what the model needs and what is free, when {@code freeBytes} is
   *     known and too little
   */
  public static void check(String model, Path directory, OptionalLong freeBytes) {
    if (freeBytes.isEmpty()) {
      return; // nvidia-smi cannot say: ONNX Runtime will
    }
    long needed = neededBytes(directory);
    if (needed > freeBytes.getAsLong()) {
      throw new ModelException(
          "model '"
              + model
              + "' needs about "
              + gb(needed)
              + " of GPU memory, "
              + gb(freeBytes.getAsLong())
              + " free: close what nvidia-smi lists (a game, another runner), use an fp16 export,"
              + " or paint on the CPU (GOLDPAN_EXECUTION_PROVIDER=cpu)");
    }
  }

  /** GPU 0's free memory as nvidia-smi reports it now; empty when it cannot be asked. */
  public static OptionalLong freeBytes(Map<String, String> env) {
    Optional<Path> smi = NvidiaDriver.onPath(env, "nvidia-smi");
    if (smi.isEmpty()) {
      return OptionalLong.empty();
    }
    try {
      Path out = Files.createTempFile("goldpan-gpu-free", ".csv");
      try {
        Process p =
            new ProcessBuilder(
                    smi.get().toString(),
                    "--query-gpu=memory.free",
                    "--format=csv,noheader,nounits",
                    "-i",
                    "0")
                .redirectErrorStream(true)
                .redirectOutput(out.toFile())
                .start();
        if (!p.waitFor(5, TimeUnit.SECONDS)) {
          p.destroyForcibly();
          return OptionalLong.empty();
        }
        String first = Files.readString(out, StandardCharsets.UTF_8).strip().split("\\R")[0];
        return OptionalLong.of(Long.parseLong(first.strip()) << 20);
      } finally {
        Files.deleteIfExists(out);
      }
    } catch (IOException | NumberFormatException e) {
      return OptionalLong.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return OptionalLong.empty();
    }
  }

  public static String gb(long bytes) {
    return String.format(Locale.ROOT, "%.1f GB", bytes / (double) (1L << 30));
  }

  private static long size(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      return 0;
    }
  }
}
