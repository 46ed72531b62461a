package io.goldpan.runner.models;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.providers.OrtCUDAProviderOptions;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The ONNX Runtime execution provider sessions run on, chosen once by {@link ExecutionProviders}.
 */
public enum ExecutionProvider {
  CUDA,
  CPU;

  /**
   * The CUDA provider options every session gets, in order: heuristic cuDNN algorithm search (the
   * first image does not spend seconds benchmarking convolutions), an arena that grows by what is
   * asked (a large VAE decode does not double the reserved memory on a card the family shares), and
   * {@code gpu_mem_limit} when {@code gpuMemoryLimit} is positive.
   */
  public static Map<String, String> cudaOptions(int deviceId, long gpuMemoryLimit) {
    Map<String, String> options = new LinkedHashMap<>();
    options.put("device_id", Integer.toString(deviceId));
    options.put("cudnn_conv_algo_search", "HEURISTIC");
    options.put("arena_extend_strategy", "kSameAsRequested");
    options.put("do_copy_in_default_stream", "1");
    if (gpuMemoryLimit > 0) {
      options.put("gpu_mem_limit", Long.toString(gpuMemoryLimit));
    }
    return options;
  }

  /**
   * New session options that run on this provider; the caller owns (and closes) them.
   *
   * @throws ModelException when the provider cannot be set up
   */
  public OrtSession.SessionOptions newSessionOptions() {
    return newSessionOptions(0, 0);
  }

  /**
   * As {@link #newSessionOptions()}, on CUDA device {@code deviceId} with at most {@code
   * gpuMemoryLimit} bytes of arena (0: no limit).
   *
   * @throws ModelException when the provider cannot be set up
   */
  public OrtSession.SessionOptions newSessionOptions(int deviceId, long gpuMemoryLimit) {
    OrtSession.SessionOptions options = new OrtSession.SessionOptions();
    try {
      options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
      if (this == CUDA) {
        try (OrtCUDAProviderOptions cuda = new OrtCUDAProviderOptions(deviceId)) {
          for (Map.Entry<String, String> option :
              cudaOptions(deviceId, gpuMemoryLimit).entrySet()) {
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
          "cannot set up ONNX Runtime session options for " + this + ": " + e.getMessage(), e);
    }
  }
}
