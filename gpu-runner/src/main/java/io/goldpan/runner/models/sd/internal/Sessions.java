package io.goldpan.runner.models.sd.internal;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.goldpan.runner.models.ModelException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;

/** Opens the ONNX Runtime sessions of the model stages. */
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
      throw new ModelException(
          "missing model file " + model + ": the model directory is incomplete");
    }
    try {
      return env.createSession(model.toString(), options);
    } catch (OrtException e) {
      throw new ModelException("ONNX Runtime cannot load " + model + ": " + e.getMessage(), e);
    }
  }

  /** Builds a model stage around its session; see {@link #openStage}. */
  @FunctionalInterface
  public interface StageFactory<T> {
    T create(OrtSession.SessionOptions options, OrtSession session);
  }

  /**
   * Opens {@code model} with {@code options} and hands both to {@code factory}; the stage then owns
   * them. If the session cannot be opened or the stage refuses it, both are closed before the
   * exception leaves.
   */
  public static <T> T openStage(
      OrtEnvironment env, Path model, OrtSession.SessionOptions options, StageFactory<T> factory) {
    OrtSession session = null;
    try {
      session = open(env, model, options);
      return factory.create(options, session);
    } catch (RuntimeException e) {
      closeQuietly(session);
      options.close();
      throw e;
    }
  }

  /**
   * As {@link #openStage(OrtEnvironment, Path, OrtSession.SessionOptions, StageFactory)}, through
   * {@code cache} (null: none) so a later start loads the optimised graph saved by this one.
   *
   * @param newOptions fresh session options for the execution provider, each call a new instance
   * @param provider the execution provider and its options, part of the cache's key
   */
  public static <T> T openStage(
      OrtEnvironment env,
      Path model,
      Supplier<OrtSession.SessionOptions> newOptions,
      GraphCache cache,
      String provider,
      StageFactory<T> factory) {
    if (cache == null) {
      return openStage(env, model, newOptions.get(), factory);
    }
    GraphCache.Opened opened = cache.open(env, model, newOptions, provider);
    try {
      return factory.create(opened.options(), opened.session());
    } catch (RuntimeException e) {
      closeQuietly(opened.session());
      opened.options().close();
      throw e;
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
