package io.goldpan.runner.models;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.goldpan.runner.config.ConfigException;
import io.goldpan.runner.config.ExecutionProviderChoice;
import io.goldpan.runner.config.RunnerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Decides, once at start-up, which execution provider this runner's sessions use. */
public final class ExecutionProviders {
  private static final Logger log = LoggerFactory.getLogger(ExecutionProviders.class);

  /** Tries CUDA; says why it cannot be used, or nothing when it can. */
  @FunctionalInterface
  public interface CudaProbe {
    Optional<String> whyUnusable();
  }

  private ExecutionProviders() {}

  /** Chooses with the real CUDA probe (adding CUDA to a throw-away session's options). */
  public static ExecutionProvider choose(ExecutionProviderChoice choice) {
    return choose(choice, ExecutionProviders::probeCuda);
  }

  /**
   * Chooses for {@code choice}: {@code auto} takes CUDA when the probe succeeds and falls back to
   * the CPU; {@code cuda} refuses to start without it; {@code cpu} never probes.
   *
   * @throws ConfigException when {@code cuda} was asked for and cannot be used
   */
  public static ExecutionProvider choose(ExecutionProviderChoice choice, CudaProbe probe) {
    ExecutionProvider chosen;
    switch (choice) {
      case CPU -> {
        chosen = ExecutionProvider.CPU;
        log.info("ONNX Runtime runs on the CPU ({}=cpu)", RunnerConfig.EXECUTION_PROVIDER);
      }
      case CUDA -> {
        Optional<String> problem = probe.whyUnusable();
        if (problem.isPresent()) {
          throw new ConfigException(
              RunnerConfig.EXECUTION_PROVIDER
                  + "=cuda but CUDA cannot be used: "
                  + problem.get()
                  + ". ONNX Runtime lists these providers as available: "
                  + availableProviders()
                  + " (listed is not usable: CUDA needs a GPU plus the CUDA 12 and cuDNN 9"
                  + " libraries on the library path). Install them, or set "
                  + RunnerConfig.EXECUTION_PROVIDER
                  + "=auto or cpu to paint on the CPU.");
        }
        chosen = ExecutionProvider.CUDA;
        log.info("ONNX Runtime runs on CUDA device 0 ({}=cuda)", RunnerConfig.EXECUTION_PROVIDER);
      }
      default -> {
        Optional<String> problem = probe.whyUnusable();
        chosen = problem.isPresent() ? ExecutionProvider.CPU : ExecutionProvider.CUDA;
        if (problem.isPresent()) {
          log.info(
              "ONNX Runtime runs on the CPU: CUDA is not usable here ({})",
              firstLine(problem.get()));
        } else {
          log.info("ONNX Runtime runs on CUDA device 0");
        }
      }
    }
    return chosen;
  }

  /** What ONNX Runtime says it was built with, e.g. {@code [CPU, CUDA, TENSOR_RT]}. */
  public static String availableProviders() {
    try {
      return OrtEnvironment.getAvailableProviders().toString();
    } catch (RuntimeException | LinkageError e) {
      return "(unknown: " + e.getMessage() + ")";
    }
  }

  private static Optional<String> probeCuda() {
    // Without an NVIDIA driver CUDA cannot work; asking ONNX Runtime anyway only makes it print a
    // native ERROR about missing CUDA libraries, which alarms people on CPU-only machines.
    if (!nvidiaDriverPresent()) {
      return Optional.of("no NVIDIA driver found (/proc/driver/nvidia/version is absent)");
    }
    OrtEnvironment.getEnvironment();
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      options.addCUDA(0);
      return Optional.empty();
    } catch (OrtException | RuntimeException | LinkageError e) {
      return Optional.of(String.valueOf(e.getMessage()).strip());
    }
  }

  private static boolean nvidiaDriverPresent() {
    return Files.exists(Path.of("/proc/driver/nvidia/version"))
        || !System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux");
  }

  private static String firstLine(String text) {
    int newline = text.indexOf('\n');
    return newline < 0 ? text : text.substring(0, newline);
  }
}
