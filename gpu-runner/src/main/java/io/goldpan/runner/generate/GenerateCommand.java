package io.goldpan.runner.generate;

import io.goldpan.contract.ImageRef;
import io.goldpan.contract.JobLimits;
import io.goldpan.contract.JobParameters;
import io.goldpan.runner.RunnerException;
import io.goldpan.runner.config.CommandContext;
import io.goldpan.runner.config.DataFolders;
import io.goldpan.runner.config.ExecutionProviderChoice;
import io.goldpan.runner.config.RunnerConfig;
import io.goldpan.runner.config.VariableOptions;
import io.goldpan.runner.models.demo.DemoModel;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import javax.imageio.ImageIO;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code goldpan-runner generate}: paints a prompt offline and writes the PNGs to a folder. */
@Command(
    name = "generate",
    mixinStandardHelpOptions = true,
    description = {
      "Paint offline into a folder of PNGs.",
      "Without queues or storage, writes OUT/<model>-<seed>.png for every image (image i uses seed"
          + " S+i) with the same `parameters` text chunk, XMP and watermark the runner writes.",
    })
public final class GenerateCommand implements Callable<Integer> {
  private final CommandContext context;

  @Spec CommandSpec spec;

  @Mixin VariableOptions variables;

  @Option(
      names = "--model",
      required = true,
      paramLabel = "demo|NAME|DIR",
      description =
          "demo, a model installed with `models pull` (see `models list`), or a Stable Diffusion"
              + " ONNX directory (docs/models.md)")
  String model;

  @Option(names = "--prompt", required = true, paramLabel = "TEXT", description = "What to paint")
  String prompt;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Folder for the PNGs")
  Path out;

  @Option(names = "--negative", paramLabel = "TEXT", description = "Negative prompt")
  String negative;

  private Long seed;
  private int steps = 20;
  private double guidance = 7.5;
  private int count = 1;
  private int width = 512;
  private int height = 512;

  @Option(
      names = "--scheduler",
      paramLabel = "NAME",
      description =
          "euler, euler_karras, euler_a, euler_a_karras, ddim, pndm, lcm, dpmpp_2m,"
              + " dpmpp_2m_karras or a diffusers class name (default: the model's own)")
  String scheduler;

  @Option(
      names = "--decoder",
      paramLabel = "full|fast",
      description =
          "full: the model's VAE (default); fast: its TAESD decoder (taesd_decoder/), much faster"
              + " on a CPU at some quality cost; a model without one decodes with its VAE")
  void decoder(String value) {
    String given = value.strip().toLowerCase(Locale.ROOT);
    if (!given.equals(JobParameters.FULL_DECODER) && !given.equals(JobParameters.FAST_DECODER)) {
      throw bad("--decoder must be full or fast, not '" + value + "'");
    }
    decoder = given;
  }

  private String decoder;
  private ExecutionProviderChoice provider;
  private boolean sizeGiven;
  private Double strength;

  @Option(
      names = "--init",
      paramLabel = "FILE",
      description =
          "Start from this picture (PNG or JPEG; image to image, needs a model with vae_encoder/);"
              + " without --size the images take its size, rounded down to multiples of 8")
  Path init;

  @Option(
      names = "--strength",
      paramLabel = "S",
      description =
          "With --init: how much of the picture to repaint, greater than 0 and at most 1; only"
              + " steps x S steps run (default 0.75)")
  void strength(String value) {
    if (value == null) {
      return; // picocli resets options to no value before parsing
    }
    try {
      double s = Double.parseDouble(value.strip());
      if (JobLimits.strengthProblem(s) == null) {
        strength = s;
        return;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw bad("--strength must be a number greater than 0 and at most 1, not '" + value + "'");
  }

  @Option(
      names = "--models-dir",
      paramLabel = "DIR",
      descriptionKey = RunnerConfig.MODELS_DIR,
      description =
          "Where --model NAME is looked up (default: the per-user models folder)."
              + " Env: GOLDPAN_MODELS_DIR")
  void modelsDir(String value) {
    variables.set(RunnerConfig.MODELS_DIR, value);
  }

  public GenerateCommand(CommandContext context) {
    this.context = context;
  }

  @Option(names = "--seed", paramLabel = "S", description = "First seed (default: random)")
  void seed(String value) {
    if (value == null) {
      return; // picocli resets options to no value before parsing
    }
    seed = number("--seed", value, 0, JobLimits.SEED_MAX);
  }

  @Option(
      names = "--steps",
      paramLabel = "N",
      description = "Denoising steps per image (default 20; SD-Turbo: 1-4)")
  void steps(String value) {
    if (value == null) {
      return; // picocli resets options to no value before parsing
    }
    steps = (int) number("--steps", value, 1, 1000);
  }

  @Option(
      names = "--guidance",
      paramLabel = "G",
      description = "Classifier-free guidance scale (default 7.5; SD-Turbo: 0)")
  void guidance(String value) {
    if (value == null) {
      return; // picocli resets options to no value before parsing
    }
    try {
      double g = Double.parseDouble(value.strip());
      if (g >= 0 && g <= 100) {
        guidance = g;
        return;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw bad("--guidance must be a number from 0 to 100, not '" + value + "'");
  }

  @Option(names = "--count", paramLabel = "C", description = "Images (default 1)")
  void count(String value) {
    if (value == null) {
      return; // picocli resets options to no value before parsing
    }
    count = (int) number("--count", value, 1, 1000);
  }

  @Option(names = "--size", paramLabel = "WxH", description = "Multiples of 8 (default 512x512)")
  void size(String value) {
    if (value == null) {
      return; // picocli resets options to no value before parsing
    }
    String[] parts = value.toLowerCase(Locale.ROOT).split("x");
    if (parts.length != 2) {
      throw bad("--size must be WIDTHxHEIGHT such as 512x512, not '" + value + "'");
    }
    width = side(value, parts[0]);
    height = side(value, parts[1]);
    sizeGiven = true;
  }

  @Option(
      names = "--provider",
      paramLabel = "auto|cuda|cpu",
      descriptionKey = RunnerConfig.EXECUTION_PROVIDER,
      description =
          "ONNX Runtime execution provider (default auto: CUDA if usable, else CPU)."
              + " Env: GOLDPAN_EXECUTION_PROVIDER")
  void provider(String value) {
    if (value == null) {
      return; // picocli resets options to no value before parsing
    }
    provider = providerChoice("--provider", value);
  }

  @Override
  public Integer call() {
    Map<String, String> vars = variables.merge(context.environment());
    ExecutionProviderChoice chosen = provider;
    if (chosen == null) {
      String fromVariable = vars.get(RunnerConfig.EXECUTION_PROVIDER);
      chosen =
          fromVariable == null || fromVariable.isBlank()
              ? ExecutionProviderChoice.AUTO
              : providerChoice(RunnerConfig.EXECUTION_PROVIDER, fromVariable);
    }
    String name = model;
    Path directory = null;
    if (!DemoModel.NAME.equals(model)) {
      directory = Path.of(model);
      boolean bareName = !model.contains("/") && !model.contains("\\");
      if (bareName && !Files.isDirectory(directory)) {
        Path installed = DataFolders.models(vars).resolve(model);
        if (!Files.isRegularFile(installed.resolve("model_index.json"))) {
          throw new RunnerException(
              "no model '"
                  + model
                  + "': it is neither demo, nor installed in "
                  + installed.getParent()
                  + " (see goldpan-runner models list), nor a directory");
        }
        directory = installed;
      } else {
        Path fileName = directory.toAbsolutePath().normalize().getFileName();
        name = fileName == null ? "model" : fileName.toString();
      }
    }
    BufferedImage picture = null;
    if (init != null) {
      picture = readPicture(init);
      if (!sizeGiven) {
        width = Math.max(8, picture.getWidth() / 8 * 8);
        height = Math.max(8, picture.getHeight() / 8 * 8);
      }
    } else if (strength != null) {
      throw bad("--strength needs --init: the picture to start from");
    }
    Double repaint = picture == null ? null : strength == null ? DEFAULT_STRENGTH : strength;
    JobParameters parameters =
        new JobParameters(
            prompt,
            negative,
            count,
            seed != null ? seed : new SecureRandom().nextLong(JobLimits.SEED_MAX + 1),
            width,
            height,
            steps,
            guidance,
            name,
            scheduler,
            // never read: the picture comes from the command line
            picture == null ? null : new ImageRef(UUID.randomUUID().toString(), 0),
            repaint,
            decoder);
    PaintToFolder.run(
        new GenerateOptions(parameters, directory, out, chosen, picture),
        context.out(),
        context.err(),
        context.terminal());
    return 0;
  }

  /** {@code --strength} when {@code --init} comes alone. */
  static final double DEFAULT_STRENGTH = 0.75;

  private static BufferedImage readPicture(Path file) {
    try {
      BufferedImage image = Files.isRegularFile(file) ? ImageIO.read(file.toFile()) : null;
      if (image == null) {
        throw new RunnerException("--init " + file + " is not a PNG or JPEG file");
      }
      return image;
    } catch (IOException e) {
      throw new RunnerException("cannot read --init " + file + ": " + e.getMessage(), e);
    }
  }

  private ExecutionProviderChoice providerChoice(String source, String value) {
    try {
      return ExecutionProviderChoice.valueOf(value.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      String message = source + " must be auto, cuda or cpu, not '" + value + "'";
      throw source.startsWith("--") ? bad(message) : new RunnerException(message);
    }
  }

  private long number(String flag, String value, long min, long max) {
    try {
      long n = Long.parseLong(value.strip());
      if (n >= min && n <= max) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw bad(
        flag + " must be a whole number from " + min + " to " + max + ", not '" + value + "'");
  }

  private int side(String whole, String side) {
    try {
      int n = Integer.parseInt(side.strip());
      if (n >= 8 && n <= 4096 && n % 8 == 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw bad("--size sides must be multiples of 8 from 8 to 4096, not '" + whole + "'");
  }

  private ParameterException bad(String message) {
    return new ParameterException(spec.commandLine(), message);
  }
}
