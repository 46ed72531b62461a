package io.goldpan.runner.cuda;

import io.goldpan.runner.RunnerException;

/** The CUDA libraries could not be fetched, verified or unpacked. */
public class CudaInstallException extends RunnerException {
  public CudaInstallException(String message) {
    super(message);
  }

  public CudaInstallException(String message, Throwable cause) {
    super(message, cause);
  }
}
