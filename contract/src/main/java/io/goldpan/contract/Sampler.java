package io.goldpan.contract;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The schedulers a job may name in its {@code scheduler} field: the one list the API validates
 * against and the runner paints from. Each is a diffusers scheduler class, with or without Karras
 * sigmas, and has the name AUTOMATIC1111 writes in a picture's parameters, so its settings paste
 * into other tools.
 */
public enum Sampler {
  EULER("euler", "EulerDiscreteScheduler", false, "Euler"),
  EULER_KARRAS("euler_karras", "EulerDiscreteScheduler", true, "Euler Karras"),
  EULER_A("euler_a", "EulerAncestralDiscreteScheduler", false, "Euler a"),
  EULER_A_KARRAS("euler_a_karras", "EulerAncestralDiscreteScheduler", true, "Euler a Karras"),
  DDIM("ddim", "DDIMScheduler", false, "DDIM"),
  PNDM("pndm", "PNDMScheduler", false, "PLMS"),
  LCM("lcm", "LCMScheduler", false, "LCM"),
  DPMPP_2M("dpmpp_2m", "DPMSolverMultistepScheduler", false, "DPM++ 2M"),
  DPMPP_2M_KARRAS("dpmpp_2m_karras", "DPMSolverMultistepScheduler", true, "DPM++ 2M Karras");

  /** Other spellings people use for the same schedulers. */
  private static final Map<String, Sampler> ALIASES =
      Map.of(
          "euler_ancestral", EULER_A,
          "euler_ancestral_karras", EULER_A_KARRAS,
          "plms", PNDM,
          "dpm++_2m", DPMPP_2M,
          "dpm++_2m_karras", DPMPP_2M_KARRAS);

  private final String jobName;
  private final String className;
  private final boolean karras;
  private final String label;

  Sampler(String jobName, String className, boolean karras, String label) {
    this.jobName = jobName;
    this.className = className;
    this.karras = karras;
    this.label = label;
  }

  /** The name a job gives, e.g. {@code dpmpp_2m_karras}. */
  public String jobName() {
    return jobName;
  }

  /** The diffusers scheduler class, e.g. {@code DPMSolverMultistepScheduler}. */
  public String className() {
    return className;
  }

  /** Whether it steps on Karras et al.'s sigmas ({@code use_karras_sigmas}). */
  public boolean karras() {
    return karras;
  }

  /** The sampler's name in AUTOMATIC1111's parameters text, e.g. {@code DPM++ 2M Karras}. */
  public String label() {
    return label;
  }

  /** The job names accepted, in a stable order: the main names, then the aliases. */
  public static List<String> names() {
    return Stream.concat(
            Arrays.stream(values()).map(Sampler::jobName), ALIASES.keySet().stream().sorted())
        .toList();
  }

  /**
   * The sampler a job's {@code scheduler} names (case-insensitive, surrounding blanks ignored): a
   * job name, an alias, or a diffusers class name (without Karras sigmas).
   */
  public static Optional<Sampler> byName(String name) {
    if (name == null) {
      return Optional.empty();
    }
    String key = name.strip().toLowerCase(Locale.ROOT);
    for (Sampler sampler : values()) {
      if (sampler.jobName.equals(key)) {
        return Optional.of(sampler);
      }
    }
    for (Sampler sampler : values()) {
      // The diffusers class name, as jobs queued by earlier versions may still say it.
      if (!sampler.karras && sampler.className.toLowerCase(Locale.ROOT).equals(key)) {
        return Optional.of(sampler);
      }
    }
    return Optional.ofNullable(ALIASES.get(key));
  }

  /**
   * The AUTOMATIC1111 name of a diffusers scheduler class, e.g. for a model's own scheduler; empty
   * for a class not listed here.
   */
  public static Optional<String> labelOf(String className, boolean karras) {
    return Arrays.stream(values())
        .filter(s -> s.className.equals(className) && s.karras == karras)
        .map(Sampler::label)
        .findFirst();
  }

  /**
   * The problem with a job's {@code scheduler} value, or {@code null} when it is fine or absent.
   */
  public static String problem(String name) {
    if (name == null || byName(name).isPresent()) {
      return null;
    }
    return "unknown scheduler; use " + accepted();
  }

  /** What a job's {@code scheduler} may be, for error messages. */
  public static String accepted() {
    return "one of "
        + Arrays.stream(values()).map(Sampler::jobName).collect(Collectors.joining(", "))
        + " (or leave it out for the model's own)";
  }
}
