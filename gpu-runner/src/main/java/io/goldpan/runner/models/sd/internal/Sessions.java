package io.goldpan.runner.models.sd.internal;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.goldpan.runner.pipeline.ModelException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Opens the ONNX Runtime session of one model stage. */
public final class Sessions {
  private Sessions() {}

  /**
   * A session for {@code model}; the options stay owned by the caller.
   *
   * @throws ModelException naming the file when it is missing or ONNX Runtime refuses it (for
   *     instance when its external weights file is missing)
   */
  public static OrtSession open(OrtEnvironment env, Path model, OrtSession.SessionOptions options) {
    if (!Files.isRegularFile(model)) {
      throw new ModelException("missing model file " + model + ": the model directory is incomplete");
    }
    try {
      return env.createSession(model.toString(), options);
    } catch (OrtException e) {
      throw new ModelException("ONNX Runtime cannot load " + model + ": " + e.getMessage(), e);
    }
  }

  /** Closes {@code session} if there is one; a failure to free native memory is not actionable. */
  public static void closeQuietly(OrtSession session) {
    if (session != null) {
      try {
        session.close();
      } catch (OrtException e) {
        // nothing to recover: the session is unusable either way
      }
    }
  }
}
