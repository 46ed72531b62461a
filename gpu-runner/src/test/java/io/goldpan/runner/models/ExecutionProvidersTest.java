package io.goldpan.runner.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.goldpan.runner.config.ConfigException;
import io.goldpan.runner.config.ExecutionProviderChoice;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ExecutionProvidersTest {
  private static final ExecutionProviders.CudaProbe CUDA_MISSING =
      () -> Optional.of("Failed to load library libonnxruntime_providers_cuda.so");
  private static final ExecutionProviders.CudaProbe CUDA_WORKS = Optional::empty;

  private static boolean gpuPresent() {
    return Files.exists(Path.of("/dev/nvidia0"));
  }

  @Test
  void auto_withoutUsableCuda_fallsBackToCpu() {
    assertThat(ExecutionProviders.choose(ExecutionProviderChoice.AUTO, CUDA_MISSING))
        .isEqualTo(ExecutionProvider.CPU);
  }

  @Test
  void auto_withUsableCuda_takesCuda() {
    assertThat(ExecutionProviders.choose(ExecutionProviderChoice.AUTO, CUDA_WORKS))
        .isEqualTo(ExecutionProvider.CUDA);
  }

  @Test
  void cpu_neverProbesCuda() {
    ExecutionProviders.CudaProbe mustNotRun =
        () -> {
          throw new AssertionError("cpu must not probe CUDA");
        };

    assertThat(ExecutionProviders.choose(ExecutionProviderChoice.CPU, mustNotRun))
        .isEqualTo(ExecutionProvider.CPU);
  }

  @Test
  void cuda_whenUnusable_failsListingTheAvailableProviders() {
    assertThatThrownBy(() -> ExecutionProviders.choose(ExecutionProviderChoice.CUDA, CUDA_MISSING))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith(
            "GOLDPAN_EXECUTION_PROVIDER=cuda but CUDA cannot be used: Failed to load library")
        .hasMessageContaining("ONNX Runtime lists these providers as available: [")
        .hasMessageContaining("CPU")
        .hasMessageContaining("set GOLDPAN_EXECUTION_PROVIDER=auto or cpu");
  }

  @Test
  void auto_onThisMachineWithoutAGpu_fallsBackToCpu_withTheRealProbe() {
    assumeThat(gpuPresent()).as("no GPU device on this machine").isFalse();

    assertThat(ExecutionProviders.choose(ExecutionProviderChoice.AUTO))
        .isEqualTo(ExecutionProvider.CPU);
  }

  @Test
  void cuda_onThisMachineWithoutAGpu_failsFast_withTheRealProbe() {
    assumeThat(gpuPresent()).as("no GPU device on this machine").isFalse();

    assertThatThrownBy(() -> ExecutionProviders.choose(ExecutionProviderChoice.CUDA))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("CUDA cannot be used")
        .hasMessageContaining("CUDA");
  }

  @Test
  void missingLibraries_namesTheDriverAndTheOneCommandThatFixesIt() {
    String message =
        ExecutionProviders.missingLibraries(
            new io.goldpan.runner.cuda.NvidiaDriver(true, "nvidia-smi at /usr/bin/nvidia-smi"),
            "missing libcudart.so.12, libcudnn.so.9");

    assertThat(message)
        .isEqualTo(
            "an NVIDIA driver is installed (nvidia-smi at /usr/bin/nvidia-smi) but the CUDA 12 and"
                + " cuDNN 9 libraries are not (missing libcudart.so.12, libcudnn.so.9); run:"
                + " goldpan-runner cuda install");
  }

  @Test
  void cuda_whenTheLibrariesAreMissing_failsFastWithTheInstallCommand() {
    ExecutionProviders.CudaProbe driverWithoutLibraries =
        () ->
            Optional.of(
                ExecutionProviders.missingLibraries(
                    new io.goldpan.runner.cuda.NvidiaDriver(true, "/proc/driver/nvidia/version"),
                    "missing libcudart.so.12"));

    assertThatThrownBy(
            () -> ExecutionProviders.choose(ExecutionProviderChoice.CUDA, driverWithoutLibraries))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("run: goldpan-runner cuda install");
    assertThat(ExecutionProviders.choose(ExecutionProviderChoice.AUTO, driverWithoutLibraries))
        .isEqualTo(ExecutionProvider.CPU);
  }
}
