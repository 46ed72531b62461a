package io.goldpan.runner.models.sd;

import io.goldpan.runner.models.ModelException;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A diffusers noise scheduler, configured from a model's {@code scheduler_config.json}. Immutable;
 * {@link #start} gives the stateful run for one batch of images.
 */
public interface Scheduler {
  /** Short names a job may ask for, by diffusers class. */
  Map<String, String> ALIASES =
      Map.of(
          "euler", "EulerDiscreteScheduler",
          "euler_a", "EulerAncestralDiscreteScheduler",
          "euler_ancestral", "EulerAncestralDiscreteScheduler",
          "ddim", "DDIMScheduler",
          "lcm", "LCMScheduler",
          "dpmpp_2m", "DPMSolverMultistepScheduler",
          "dpm++_2m", "DPMSolverMultistepScheduler");

  /** The diffusers classes implemented here. */
  List<String> SUPPORTED =
      List.of(
          "EulerDiscreteScheduler",
          "EulerAncestralDiscreteScheduler",
          "DDIMScheduler",
          "LCMScheduler",
          "DPMSolverMultistepScheduler");

  /** The diffusers class this scheduler reproduces. */
  String className();

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
   * The diffusers class for a job's scheduler name: an alias ({@code euler}, {@code euler_a},
   * {@code ddim}, {@code lcm}, {@code dpmpp_2m}) or a class name.
   *
   * @throws ModelException when the name is neither
   */
  static String classNameFor(String name) {
    String alias = ALIASES.get(name.toLowerCase(Locale.ROOT));
    if (alias != null) {
      return alias;
    }
    if (SUPPORTED.contains(name)) {
      return name;
    }
    throw new ModelException(
        "unknown scheduler '"
            + name
            + "'; use one of "
            + ALIASES.keySet().stream().sorted().toList()
            + " or "
            + SUPPORTED);
  }
}
