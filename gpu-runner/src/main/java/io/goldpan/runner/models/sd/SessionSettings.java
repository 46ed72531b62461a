package io.goldpan.runner.models.sd;

import ai.onnxruntime.OrtSession;
import io.goldpan.runner.models.ExecutionProvider;
import io.goldpan.runner.models.ModelException;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * How the pipeline's ONNX Runtime sessions run: on the CPU, or on one CUDA device with options
 * suited to Stable Diffusion (heuristic cuDNN algorithm search, so the first image does not spend
 * seconds benchmarking convolutions; an arena that grows by what is asked, so a large VAE decode
 * does not double the reserved memory).
 *
 * @param provider the provider chosen once at start-up
 * @param deviceId CUDA device ordinal; ignored on the CPU
 * @param gpuMemoryLimit most bytes the CUDA arena may hold ({@code gpu_mem_limit}); 0 for no limit
 */
public record SessionSettings(ExecutionProvider provider, int deviceId, long gpuMemoryLimit) {

  public SessionSettings(ExecutionProvider provider, int deviceId) {
    this(provider, deviceId, 0);
  }

  public SessionSettings {
    if (gpuMemoryLimit < 0) {
      throw new IllegalArgumentException("gpuMemoryLimit must be >= 0, got " + gpuMemoryLimit);
    }
    if (provider == null) {
      throw new IllegalArgumentException("provider is required");
    }
    if (deviceId < 0) {
      throw new IllegalArgumentException("deviceId must be >= 0, got " + deviceId);
    }
  }

  public static SessionSettings cpu() {
    return new SessionSettings(ExecutionProvider.CPU, 0);
  }

  public static SessionSettings cuda(int deviceId) {
    return new SessionSettings(ExecutionProvider.CUDA, deviceId);
  }

  /** These settings with a {@code gpu_mem_limit} of {@code bytes} (0: none). */
  public SessionSettings withGpuMemoryLimit(long bytes) {
    return new SessionSettings(provider, deviceId, bytes);
  }

  /** The CUDA provider options set for {@link ExecutionProvider#CUDA}, in order. */
  public Map<String, String> cudaOptions() {
    return ExecutionProvider.cudaOptions(deviceId, gpuMemoryLimit);
  }

  /** E.g. {@code CPU} or {@code CUDA device 0 (cudnn_conv_algo_search=HEURISTIC, …)}. */
  public String describe() {
    if (provider == ExecutionProvider.CPU) {
      return "CPU";
    }
    return "CUDA device "
        + deviceId
        + " ("
        + cudaOptions().entrySet().stream()
            .filter(e -> !e.getKey().equals("device_id"))
            .map(e -> e.getKey() + "=" + e.getValue())
            .collect(Collectors.joining(", "))
        + ")";
  }

  /**
   * New session options for this provider; the caller owns and closes them.
   *
   * @throws ModelException when ONNX Runtime cannot set the provider up (e.g. CUDA libraries
   *     missing)
   */
  OrtSession.SessionOptions newOptions() {
    return provider.newSessionOptions(deviceId, gpuMemoryLimit);
  }
}
