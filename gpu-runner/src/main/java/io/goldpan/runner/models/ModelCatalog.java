package io.goldpan.runner.models;

import ai.onnxruntime.OrtEnvironment;
import io.goldpan.runner.config.ConfigException;
import io.goldpan.runner.config.ModelSource;
import io.goldpan.runner.config.RunnerConfig;
import io.goldpan.runner.models.demo.DemoModel;
import io.goldpan.runner.models.sd.StableDiffusionModel;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The models a runner serves: the built-in ones by name, and Stable Diffusion directories. Each is
 * opened once at start-up; its sessions are reused by every job and freed when the runner closes.
 */
public final class ModelCatalog {
  private static final Logger log = LoggerFactory.getLogger(ModelCatalog.class);

  /** The built-in models, opened with the environment, the provider and the demo step delay. */
  private static final Map<String, BuiltIn> BUILT_IN = Map.of(DemoModel.NAME, DemoModel::open);

  @FunctionalInterface
  private interface BuiltIn {
    Model open(OrtEnvironment env, ExecutionProvider provider, Duration demoStepDelay);
  }

  private ModelCatalog() {}

  /** Names of the models built into the runner. */
  public static List<String> builtIn() {
    return BUILT_IN.keySet().stream().sorted().toList();
  }

  /**
   * Opens {@code sources}, in order; on failure closes those already opened.
   *
   * @throws ConfigException naming the variable and the model when a name is unknown or a directory
   *     is not a usable model
   */
  public static List<Model> open(
      List<ModelSource> sources, OrtEnvironment env, ExecutionProvider provider) {
    return open(
        sources,
        env,
        provider,
        new RunnerConfig.Gpu(0, Duration.ZERO),
        Duration.ZERO,
        Clock.systemUTC());
  }

  /**
   * As {@link #open(List, OrtEnvironment, ExecutionProvider)}; on CUDA a Stable Diffusion model's
   * arena is held to {@code gpu.memoryLimit()} and, after {@code gpu.idleRelease()} without a job,
   * its sessions are closed (see {@link IdleModel}) until the next job opens them again; the demo
   * model takes {@code demoStepDelay} per step ({@link RunnerConfig#demoStepDelay()}).
   */
  public static List<Model> open(
      List<ModelSource> sources,
      OrtEnvironment env,
      ExecutionProvider provider,
      RunnerConfig.Gpu gpu,
      Duration demoStepDelay,
      Clock clock) {
    for (ModelSource source : sources) {
      if (source.isBuiltIn() && !BUILT_IN.containsKey(source.name())) {
        throw new ConfigException(
            RunnerConfig.MODELS
                + " names model '"
                + source.name()
                + "' but the built-in models are: "
                + String.join(", ", builtIn())
                + "; serve a Stable Diffusion directory as "
                + source.name()
                + "=/path/to/model");
      }
    }
    List<Model> opened = new ArrayList<>();
    try {
      for (ModelSource source : sources) {
        opened.add(open(source, env, provider, gpu, demoStepDelay, clock));
      }
    } catch (RuntimeException e) {
      opened.forEach(Model::close);
      throw e;
    }
    return opened;
  }

  private static Model open(
      ModelSource source,
      OrtEnvironment env,
      ExecutionProvider provider,
      RunnerConfig.Gpu gpu,
      Duration demoStepDelay,
      Clock clock) {
    if (source.isBuiltIn()) {
      return BUILT_IN.get(source.name()).open(env, provider, demoStepDelay);
    }
    if (provider != ExecutionProvider.CUDA) {
      return openStableDiffusion(source, provider, gpu);
    }
    // On CUDA a model is opened only if it fits the free memory; one that does not fit now (a game
    // holds the card) fails its jobs with the reason, and is tried again on the next job.
    java.util.function.Supplier<Model> fitAndOpen =
        () -> {
          GpuFit.check(source.name(), source.directory(), GpuFit.freeBytes(System.getenv()));
          return openStableDiffusion(source, provider, gpu);
        };
    Model model;
    try {
      model = fitAndOpen.get();
    } catch (ModelException e) {
      if (!e.getMessage().contains("of GPU memory")) {
        throw e;
      }
      log.warn("{}; its jobs fail with this until it fits", e.getMessage());
      return new IdleModel(source.name(), fitAndOpen, gpu.idleRelease(), clock);
    }
    if (gpu.idleRelease().isZero()) {
      return model;
    }
    return IdleModel.holding(model, fitAndOpen, gpu.idleRelease(), clock);
  }

  /**
   * Images per UNet batch: {@code GOLDPAN_MAX_BATCH} when set, else 4 on CUDA (a GPU paints a batch
   * of 4 in less time than 4 single images) and 1 on the CPU (there a batch takes about as long as
   * its images one by one, and its first image arrives later; see docs/benchmarks.md).
   */
  static int maxBatch(RunnerConfig.Gpu gpu, ExecutionProvider provider) {
    if (gpu.maxBatch() > 0) {
      return gpu.maxBatch();
    }
    return provider == ExecutionProvider.CUDA ? 4 : 1;
  }

  private static Model openStableDiffusion(
      ModelSource source, ExecutionProvider provider, RunnerConfig.Gpu gpu) {
    try {
      return StableDiffusionModel.open(
          source.name(),
          source.directory(),
          provider,
          gpu.memoryLimit(),
          maxBatch(gpu, provider),
          gpu.graphCache());
    } catch (ModelException e) {
      throw new ConfigException(
          source.variable()
              + ": model '"
              + source.name()
              + "' at "
              + source.directory()
              + " is not a usable Stable Diffusion ONNX model: "
              + e.getMessage(),
          e);
    }
  }
}
