package io.goldpan.runner.config;

/**
 * Which ONNX Runtime execution provider the runner asks for ({@code GOLDPAN_EXECUTION_PROVIDER}).
 */
public enum ExecutionProviderChoice {
  /** CUDA when it can be initialised, else the CPU. */
  AUTO,
  /** CUDA or refuse to start. */
  CUDA,
  /** The CPU, even where a GPU is present. */
  CPU
}
