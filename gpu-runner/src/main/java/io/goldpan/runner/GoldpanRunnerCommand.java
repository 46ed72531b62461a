package io.goldpan.runner;

import io.goldpan.runner.config.CommandContext;
import io.goldpan.runner.cuda.CudaCommand;
import io.goldpan.runner.doctor.DoctorCommand;
import io.goldpan.runner.generate.GenerateCommand;
import io.goldpan.runner.provenance.CheckCommand;
import io.goldpan.runner.provenance.RunnerVersion;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Mixin;

/**
 * The {@code goldpan-runner} command: its subcommands, and {@code run}'s options for when none is
 * given. A new subcommand is one more class in {@code subcommands}.
 */
@Command(
    name = "goldpan-runner",
    mixinStandardHelpOptions = true,
    versionProvider = GoldpanRunnerCommand.Version.class,
    synopsisHeading = "",
    optionListHeading = "%nOptions (of run):%n",
    customSynopsis = {
      "Usage: goldpan-runner [run] [--env-file FILE]... [OPTION]...",
      "       goldpan-runner generate --model demo|NAME|DIR --prompt TEXT --out DIR [OPTION]...",
      "       goldpan-runner models pull|list|rm ...",
      "       goldpan-runner doctor | cuda install",
      "       goldpan-runner check FILE...",
      "       goldpan-runner COMMAND --help",
    },
    description = {
      "",
      "Paints Goldpan jobs with ONNX Runtime: polls the jobs queue, uploads the images to S3 and"
          + " reports events. Without a command it runs (the options below are run's).",
    },
    commandListHeading = "%nCommands:%n",
    subcommands = {
      RunCommand.class,
      GenerateCommand.class,
      ModelsCommand.class,
      DoctorCommand.class,
      CudaCommand.class,
      CheckCommand.class,
      HelpCommand.class,
    },
    footer = GoldpanRunnerCommand.VARIABLES_FOOTER)
final class GoldpanRunnerCommand implements Callable<Integer> {
  static final String VARIABLES_FOOTER =
      "%nEvery option can also be set by its variable (Env: ...), in the environment, in an"
          + " --env-file or as --VARIABLE value (e.g. --GOLDPAN_BUCKET my-bucket). Options win"
          + " over env files, which win over the environment. Credentials: AWS_ACCESS_KEY_ID and"
          + " AWS_SECRET_ACCESS_KEY (both, or neither for the AWS SDK's default chain)."
          + " GOLDPAN_RUNNER_JAVA_OPTS holds JVM options for the launcher script.";

  private final CommandContext context;

  @Mixin RunOptions options;

  GoldpanRunnerCommand(CommandContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    return RunCommand.run(options, context);
  }

  /** {@code --version}: the version the build recorded, as the images' XMP names it. */
  static final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"goldpan-runner " + RunnerVersion.get()};
    }
  }
}
