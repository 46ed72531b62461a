package io.goldpan.runner.models.sd;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.OrtSession.SessionOptions.OptLevel;
import java.util.ArrayList;
import java.util.List;

/**
 * ONNX Runtime session settings beyond the execution provider: intra-op threads, graph optimisation
 * level, memory pattern and the CPU arena. {@link #DEFAULT} is what the runner uses; the others
 * exist to be measured (see docs/benchmarks.md, "Session settings").
 *
 * @param intraOpThreads threads one operator may use; 0 for ONNX Runtime's choice (one per core)
 * @param optimisation graph optimisation level
 * @param memoryPattern whether ONNX Runtime plans buffers from the first run's shapes
 * @param cpuArena whether CPU tensors come from ONNX Runtime's arena rather than malloc
 */
public record SessionTuning(
    int intraOpThreads, OptLevel optimisation, boolean memoryPattern, boolean cpuArena) {

  /** ONNX Runtime's defaults with the highest optimisation level. */
  public static final SessionTuning DEFAULT = new SessionTuning(0, OptLevel.ALL_OPT, true, true);

  public SessionTuning {
    if (intraOpThreads < 0) {
      throw new IllegalArgumentException("intraOpThreads must be >= 0, got " + intraOpThreads);
    }
    if (optimisation == null) {
      throw new IllegalArgumentException("optimisation is required");
    }
  }

  /** Sets on {@code options} what differs from ONNX Runtime's own defaults. */
  void applyTo(OrtSession.SessionOptions options) throws OrtException {
    options.setOptimizationLevel(optimisation);
    if (intraOpThreads > 0) {
      options.setIntraOpNumThreads(intraOpThreads);
    }
    if (!memoryPattern) {
      options.setMemoryPatternOptimization(false);
    }
    if (!cpuArena) {
      options.setCPUArenaAllocator(false);
    }
  }

  /** E.g. {@code intra_op_threads=1, optimisation=BASIC_OPT}; empty for {@link #DEFAULT}. */
  public String describe() {
    List<String> parts = new ArrayList<>();
    if (intraOpThreads > 0) {
      parts.add("intra_op_threads=" + intraOpThreads);
    }
    if (optimisation != DEFAULT.optimisation) {
      parts.add("optimisation=" + optimisation);
    }
    if (!memoryPattern) {
      parts.add("memory_pattern=off");
    }
    if (!cpuArena) {
      parts.add("cpu_arena=off");
    }
    return String.join(", ", parts);
  }
}
