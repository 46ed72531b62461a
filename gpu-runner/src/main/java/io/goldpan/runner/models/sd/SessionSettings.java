package io.goldpan.runner.models.sd;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.providers.OrtCUDAProviderOptions;
import io.goldpan.runner.models.ExecutionProvider;
import io.goldpan.runner.models.ModelException;
import java.util.LinkedHashMap;
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
 */
public record SessionSettings(ExecutionProvider provider, int deviceId) {

  public SessionSettings {
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

  /** The CUDA provider options set for {@link ExecutionProvider#CUDA}, in order. */
  public Map<String, String> cudaOptions() {
    Map<String, String> options = new LinkedHashMap<>();
    options.put("device_id", Integer.toString(deviceId));
    options.put("cudnn_conv_algo_search", "HEURISTIC");
    options.put("arena_extend_strategy", "kSameAsRequested");
    options.put("do_copy_in_default_stream", "1");
    return options;
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
    OrtSession.SessionOptions options = new OrtSession.SessionOptions();
    try {
      options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
      if (provider == ExecutionProvider.CUDA) {
        try (OrtCUDAProviderOptions cuda = new OrtCUDAProviderOptions(deviceId)) {
          for (Map.Entry<String, String> option : cudaOptions().entrySet()) {
            if (!option.getKey().equals("device_id")) {
              cuda.add(option.getKey(), option.getValue());
            }
          }
          options.addCUDA(cuda);
        }
      }
      return options;
    } catch (OrtException | RuntimeException | LinkageError e) {
      options.close();
      throw new ModelException(
          "cannot set up ONNX Runtime sessions on " + describe() + ": " + e.getMessage(), e);
    }
  }
}
