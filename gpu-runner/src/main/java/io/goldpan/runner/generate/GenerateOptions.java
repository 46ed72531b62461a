package io.goldpan.runner.generate;

import io.goldpan.contract.JobLimits;
import io.goldpan.runner.RunnerException;
import io.goldpan.runner.config.ExecutionProviderChoice;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The flags of {@code goldpan-runner generate}.
 *
 * @param model {@code demo}, or a Stable Diffusion model directory
 * @param seed image {@code i} uses {@code seed + i}; {@code null} for a random seed
 */
public record GenerateOptions(
    String model,
    String prompt,
    String negativePrompt,
    Long seed,
    int steps,
    double guidance,
    int count,
    int width,
    int height,
    String scheduler,
    Path out,
    ExecutionProviderChoice provider) {

  public static final String USAGE =
      """
      Usage: goldpan-runner generate --model demo|DIR --prompt TEXT --out DIR
                 [--negative TEXT] [--seed S] [--steps N] [--guidance G] [--count C]
                 [--size WxH] [--scheduler NAME] [--provider auto|cuda|cpu]

      Paints offline, without queues or storage, and writes DIR/<model>-<seed>.png for every image
      (image i uses seed S+i) with the same `parameters` text chunk the runner writes.
        --model       demo, or a Stable Diffusion ONNX directory (see docs/models.md)
        --steps       denoising steps per image (default 20; SD-Turbo: 1-4)
        --guidance    classifier-free guidance scale (default 7.5; SD-Turbo: 0)
        --count       images (default 1)
        --size        WxH in multiples of 8 (default 512x512)
        --scheduler   euler, euler_a, ddim, lcm, dpmpp_2m (default: the model's own)
      """;

  /**
   * Parses {@code args} (the words after {@code generate}).
   *
   * @throws RunnerException saying which flag is wrong
   */
  public static GenerateOptions parse(List<String> args) {
    String model = null;
    String prompt = null;
    String negative = null;
    Long seed = null;
    int steps = 20;
    double guidance = 7.5;
    int count = 1;
    int width = 512;
    int height = 512;
    String scheduler = null;
    Path out = null;
    ExecutionProviderChoice provider = ExecutionProviderChoice.AUTO;
    for (int i = 0; i < args.size(); i++) {
      String flag = args.get(i);
      String value;
      int eq = flag.indexOf('=');
      if (flag.startsWith("--") && eq > 0) {
        value = flag.substring(eq + 1);
        flag = flag.substring(0, eq);
      } else if (i + 1 < args.size()) {
        value = args.get(++i);
      } else {
        throw new RunnerException(flag + " needs a value (run goldpan-runner generate --help)");
      }
      switch (flag) {
        case "--model" -> model = value;
        case "--prompt" -> prompt = value;
        case "--negative" -> negative = value;
        case "--seed" -> seed = (long) number(flag, value, 0, JobLimits.SEED_MAX);
        case "--steps" -> steps = (int) number(flag, value, 1, 1000);
        case "--guidance" -> guidance = decimal(flag, value);
        case "--count" -> count = (int) number(flag, value, 1, 1000);
        case "--size" -> {
          String[] parts = value.toLowerCase(Locale.ROOT).split("x");
          if (parts.length != 2) {
            throw new RunnerException(
                "--size must be WIDTHxHEIGHT such as 512x512, not '" + value + "'");
          }
          width = size(value, parts[0]);
          height = size(value, parts[1]);
        }
        case "--scheduler" -> scheduler = value;
        case "--out" -> out = Path.of(value);
        case "--provider" -> {
          try {
            provider = ExecutionProviderChoice.valueOf(value.toUpperCase(Locale.ROOT));
          } catch (IllegalArgumentException e) {
            throw new RunnerException("--provider must be auto, cuda or cpu, not '" + value + "'");
          }
        }
        default ->
            throw new RunnerException(
                "unknown option " + flag + " (run goldpan-runner generate --help)");
      }
    }
    if (model == null || prompt == null || out == null) {
      throw new RunnerException(
          "generate needs --model, --prompt and --out (run goldpan-runner generate --help)");
    }
    return new GenerateOptions(
        model, prompt, negative, seed, steps, guidance, count, width, height, scheduler, out,
        provider);
  }

  private static long number(String flag, String value, long min, long max) {
    try {
      long n = Long.parseLong(value.strip());
      if (n >= min && n <= max) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new RunnerException(
        flag + " must be a whole number from " + min + " to " + max + ", not '" + value + "'");
  }

  private static double decimal(String flag, String value) {
    try {
      double g = Double.parseDouble(value.strip());
      if (g >= 0 && g <= 100) {
        return g;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new RunnerException(flag + " must be a number from 0 to 100, not '" + value + "'");
  }

  private static int size(String whole, String side) {
    try {
      int n = Integer.parseInt(side.strip());
      if (n >= 8 && n <= 4096 && n % 8 == 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new RunnerException(
        "--size sides must be multiples of 8 from 8 to 4096, not '" + whole + "'");
  }
}
