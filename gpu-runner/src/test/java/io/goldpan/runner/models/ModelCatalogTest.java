package io.goldpan.runner.models;

import static org.assertj.core.api.Assertions.assertThat;

import io.goldpan.runner.config.RunnerConfig;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ModelCatalogTest {

  @Test
  void maxBatch_byDefault_isOneOnTheCpuAndFourOnCuda() {
    RunnerConfig.Gpu unset = new RunnerConfig.Gpu(0, Duration.ZERO);

    assertThat(ModelCatalog.maxBatch(unset, ExecutionProvider.CPU)).isEqualTo(1);
    assertThat(ModelCatalog.maxBatch(unset, ExecutionProvider.CUDA)).isEqualTo(4);
  }

  @Test
  void maxBatch_whenConfigured_isTheSameOnEveryProvider() {
    RunnerConfig.Gpu two = new RunnerConfig.Gpu(0, Duration.ZERO, 2, null);

    assertThat(ModelCatalog.maxBatch(two, ExecutionProvider.CPU)).isEqualTo(2);
    assertThat(ModelCatalog.maxBatch(two, ExecutionProvider.CUDA)).isEqualTo(2);
  }
}
