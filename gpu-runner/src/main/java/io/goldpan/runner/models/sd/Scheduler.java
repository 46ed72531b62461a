package io.goldpan.runner.models.sd;

import io.goldpan.contract.Sampler;
import io.goldpan.runner.models.ModelException;
import java.util.List;
import java.util.Optional;

/**
 * A diffusers noise scheduler, configured from a model's {@code scheduler_config.json}. Immutable;
 * {@link #start} gives the stateful run for one batch of images.
 */
public interface Scheduler {
  /** The diffusers classes implemented here. */
  List<String> SUPPORTED =
      List.of(
          "EulerDiscreteScheduler",
          "EulerAncestralDiscreteScheduler",
          "DDIMScheduler",
          "PNDMScheduler",
          "LCMScheduler",
          "DPMSolverMultistepScheduler");

  /** The diffusers class this scheduler reproduces. */
  String className();

  /** Whether it steps on Karras et al.'s sigmas ({@code use_karras_sigmas}). */
  default boolean karras() {
    return false;
  }

  /**
   * The sampler's name as AUTOMATIC1111 writes it in a picture's parameters, e.g. {@code DPM++ 2M
   * Karras}; the diffusers class for one it has no name for.
   */
  default String label() {
    return Sampler.labelOf(className(), karras()).orElse(className());
  }

  /** The timesteps and step state for denoising one batch in {@code steps} steps. */
  SchedulerRun start(int steps);

  /**
   * The scheduler {@code config} names.
   *
   * @throws ModelException when the class is not one of {@link #SUPPORTED} or a setting is not
   *     reproduced
   */
  static Scheduler of(SchedulerConfig config) {
    return switch (config.className()) {
      case "EulerDiscreteScheduler" -> new EulerDiscreteScheduler(config);
      case "EulerAncestralDiscreteScheduler" -> new EulerAncestralDiscreteScheduler(config);
      case "DDIMScheduler" -> new DdimScheduler(config);
      case "PNDMScheduler" -> new PndmScheduler(config);
      case "LCMScheduler" -> new LcmScheduler(config);
      case "DPMSolverMultistepScheduler" -> new DpmSolverMultistepScheduler(config);
      default ->
          throw new ModelException(
              "scheduler "
                  + config.className()
                  + " is not supported; supported: "
                  + String.join(", ", SUPPORTED));
    };
  }

  /**
   * The settings a job naming {@code name} paints with: the model's own {@code modelConfig} read by
   * the named class, with Karras sigmas on or off as the name says. {@code pndm} is PNDM as Stable
   * Diffusion ships it ({@code skip_prk_steps}). A diffusers class name (the command line's {@code
   * --scheduler}) takes the model's settings as they are.
   *
   * @param name one of {@link Sampler#names()} (any case) or of {@link #SUPPORTED}
   * @throws ModelException when the name is neither
   */
  static SchedulerConfig configFor(String name, SchedulerConfig modelConfig) {
    String stripped = name.strip();
    if (SUPPORTED.contains(stripped)) {
      return modelConfig.withClassName(stripped);
    }
    Optional<Sampler> sampler = Sampler.byName(stripped);
    if (sampler.isPresent()) {
      SchedulerConfig config =
          modelConfig
              .withClassName(sampler.get().className())
              .with("use_karras_sigmas", sampler.get().karras());
      return sampler.get() == Sampler.PNDM ? config.with("skip_prk_steps", true) : config;
    }
    throw new ModelException(
        "scheduler: " + Sampler.problem(stripped) + ", or a class of " + SUPPORTED);
  }
}
