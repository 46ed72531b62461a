package io.goldpan.runner.provenance;

import io.goldpan.runner.RunnerException;

/** A file's provenance cannot be read: it is not an image the checker knows, or it is damaged. */
public class ProvenanceException extends RunnerException {
  public ProvenanceException(String message) {
    super(message);
  }

  public ProvenanceException(String message, Throwable cause) {
    super(message, cause);
  }
}
