package io.goldpan.runner.models.sd;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.OrtSession.SessionOptions.OptLevel;
import io.goldpan.runner.models.ExecutionProvider;
import io.goldpan.runner.models.ModelException;
import io.goldpan.runner.models.sd.internal.GraphCache;
import java.nio.file.Path;
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
 * @param graphCache folder where each model file's optimised graph is saved for later starts
 *     ({@link GraphCache}); null for none. Used only at the highest optimisation level.
 * @param tuning threads, optimisation level, memory pattern and arena
 */
public record SessionSettings(
    ExecutionProvider provider,
    int deviceId,
    long gpuMemoryLimit,
    Path graphCache,
    SessionTuning tuning) {

  public SessionSettings(ExecutionProvider provider, int deviceId) {
    this(provider, deviceId, 0, null, SessionTuning.DEFAULT);
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
    if (tuning == null) {
      throw new IllegalArgumentException("tuning is required");
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
    return new SessionSettings(provider, deviceId, bytes, graphCache, tuning);
  }

  /** These settings saving optimised graphs under {@code folder} (null: not at all). */
  public SessionSettings withGraphCache(Path folder) {
    return new SessionSettings(provider, deviceId, gpuMemoryLimit, folder, tuning);
  }

  /** These settings with {@code tuning}. */
  public SessionSettings withTuning(SessionTuning tuning) {
    return new SessionSettings(provider, deviceId, gpuMemoryLimit, graphCache, tuning);
  }

  /** The CUDA provider options set for {@link ExecutionProvider#CUDA}, in order. */
  public Map<String, String> cudaOptions() {
    return ExecutionProvider.cudaOptions(deviceId, gpuMemoryLimit);
  }

  /**
   * E.g. {@code CPU} or {@code CUDA device 0 (cudnn_conv_algo_search=HEURISTIC, …)}, followed by
   * the tuning in brackets when it is not {@link SessionTuning#DEFAULT}.
   */
  public String describe() {
    String tuned = tuning.describe().isEmpty() ? "" : " [" + tuning.describe() + "]";
    return describeProvider() + tuned;
  }

  private String describeProvider() {
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
    OrtSession.SessionOptions options = provider.newSessionOptions(deviceId, gpuMemoryLimit);
    try {
      tuning.applyTo(options);
      return options;
    } catch (OrtException | RuntimeException e) {
      options.close();
      throw new ModelException("cannot apply " + tuning + ": " + e.getMessage(), e);
    }
  }

  /**
   * The optimised-graph cache, or null: none configured, or a tuning below the highest level (the
   * cache saves that level's graph).
   */
  GraphCache cache() {
    return graphCache == null || tuning.optimisation() != OptLevel.ALL_OPT
        ? null
        : new GraphCache(graphCache);
  }
}
