package io.goldpan.runner.models;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

/**
 * The ONNX Runtime execution provider sessions run on, chosen once by {@link ExecutionProviders}.
 */
public enum ExecutionProvider {
  CUDA,
  CPU;

  /**
   * New session options that run on this provider; the caller owns (and closes) them.
   *
   * @throws ModelException when the provider cannot be set up
   */
  public OrtSession.SessionOptions newSessionOptions() {
    OrtSession.SessionOptions options = new OrtSession.SessionOptions();
    try {
      options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
      if (this == CUDA) {
        options.addCUDA(0);
      }
      return options;
    } catch (OrtException e) {
      options.close();
      throw new ModelException(
          "cannot set up ONNX Runtime session options for " + this + ": " + e.getMessage(), e);
    }
  }
}
