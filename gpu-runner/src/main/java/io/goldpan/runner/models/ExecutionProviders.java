package io.goldpan.runner.models;

import ai.onnxruntime.OrtEnvironment;
import io.goldpan.runner.config.ConfigException;
import io.goldpan.runner.config.ExecutionProviderChoice;
import io.goldpan.runner.config.RunnerConfig;
import io.goldpan.runner.cuda.CudaCache;
import io.goldpan.runner.cuda.CudaInstallException;
import io.goldpan.runner.cuda.CudaLibraries;
import io.goldpan.runner.cuda.CudaLibrarySet;
import io.goldpan.runner.cuda.NvidiaDriver;
import io.goldpan.runner.models.demo.DemoModel;
import java.util.Locale;
import java.util.Map;
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

  /** The one command that fetches the CUDA libraries the CUDA provider needs. */
  public static final String INSTALL_HINT = "run: goldpan-runner cuda install";

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
                  + " (listed is not usable: CUDA needs a GPU, its driver, and the CUDA 12 and"
                  + " cuDNN 9 libraries, which goldpan-runner cuda install fetches). Fix that, or"
                  + " set "
                  + RunnerConfig.EXECUTION_PROVIDER
                  + "=auto or cpu to paint on the CPU.");
        }
        chosen = ExecutionProvider.CUDA;
        log.info("ONNX Runtime runs on CUDA device 0 ({}=cuda)", RunnerConfig.EXECUTION_PROVIDER);
      }
      default -> {
        Optional<String> problem = probe.whyUnusable();
        chosen = problem.isPresent() ? ExecutionProvider.CPU : ExecutionProvider.CUDA;
        if (problem.isPresent() && problem.get().contains(INSTALL_HINT)) {
          // A GPU is there but idle for want of libraries: worth a warning, once, at start.
          log.warn("ONNX Runtime runs on the CPU: {}", firstLine(problem.get()));
        } else if (problem.isPresent()) {
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
    Map<String, String> env = System.getenv();
    // Without an NVIDIA driver CUDA cannot work; asking ONNX Runtime anyway only makes it print a
    // native ERROR about missing CUDA libraries, which alarms people on CPU-only machines.
    NvidiaDriver driver = NvidiaDriver.detect(env);
    if (!driver.found() && isLinux()) {
      return Optional.of("no NVIDIA driver found (" + driver.evidence() + ")");
    }
    CudaLibraries.Found libraries;
    try {
      libraries = CudaLibraries.prepare(env, CudaCache.forUser(env), CudaLibrarySet.pinned());
    } catch (CudaInstallException e) {
      return Optional.of(e.getMessage());
    }
    if (libraries.source() == CudaLibraries.Source.NONE && isLinux()) {
      return Optional.of(missingLibraries(driver, libraries.detail()));
    }
    // Adding the provider only checks the libraries; a session makes CUDA touch the device, so a
    // driver too old for CUDA 12.8 or a missing device shows here rather than in the first job.
    try (DemoModel probe =
        DemoModel.open(OrtEnvironment.getEnvironment(), ExecutionProvider.CUDA)) {
      return Optional.empty();
    } catch (RuntimeException | LinkageError e) {
      String message = String.valueOf(e.getMessage()).strip();
      return Optional.of(
          message.contains("cannot open shared object file")
              ? message + "; " + INSTALL_HINT
              : message);
    }
  }

  /** The message for a machine with a driver but without the CUDA libraries. */
  static String missingLibraries(NvidiaDriver driver, String missing) {
    return "an NVIDIA driver is installed ("
        + driver.evidence()
        + ") but the CUDA 12 and cuDNN 9 libraries are not ("
        + missing
        + "); "
        + INSTALL_HINT;
  }

  private static boolean isLinux() {
    return System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux");
  }

  private static String firstLine(String text) {
    int newline = text.indexOf('\n');
    return newline < 0 ? text : text.substring(0, newline);
  }
}
