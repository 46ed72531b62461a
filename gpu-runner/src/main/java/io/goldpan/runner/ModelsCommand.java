package io.goldpan.runner;

import io.goldpan.runner.config.CommandContext;
import io.goldpan.runner.config.DataFolders;
import io.goldpan.runner.config.RunnerConfig;
import io.goldpan.runner.config.VariableOptions;
import io.goldpan.runner.hub.DownloadProgress;
import io.goldpan.runner.hub.HubClient;
import io.goldpan.runner.hub.KnownModel;
import io.goldpan.runner.hub.ModelPull;
import io.goldpan.runner.hub.RepoRef;
import io.goldpan.runner.store.InstalledModel;
import io.goldpan.runner.store.ModelStore;
import java.io.PrintStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code goldpan-runner models}: the models folder the runner serves, filled from the Hub. */
@Command(
    name = "models",
    mixinStandardHelpOptions = true,
    description = "Pull models from the Hugging Face Hub, list and remove them.",
    synopsisSubcommandLabel = "COMMAND",
    commandListHeading = "%nCommands:%n",
    subcommands = {ModelsCommand.Pull.class, ModelsCommand.Ls.class, ModelsCommand.Rm.class})
final class ModelsCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    throw new ParameterException(spec.commandLine(), "Missing required subcommand");
  }

  /** The models folder option every {@code models} subcommand has. */
  static final class Folder {
    @Mixin VariableOptions variables;

    @Option(
        names = "--models-dir",
        paramLabel = "DIR",
        descriptionKey = RunnerConfig.MODELS_DIR,
        description =
            "The models folder (default: $XDG_DATA_HOME/goldpan/models, else"
                + " ~/.local/share/goldpan/models; %%LOCALAPPDATA%%\\goldpan\\models on Windows)."
                + " Env: GOLDPAN_MODELS_DIR")
    void modelsDir(String value) {
      variables.set(RunnerConfig.MODELS_DIR, value);
    }

    ModelStore store(Map<String, String> vars) {
      return new ModelStore(DataFolders.models(vars));
    }
  }

  /** {@code models pull}. */
  @Command(
      name = "pull",
      mixinStandardHelpOptions = true,
      description = {
        "Download a model from the Hugging Face Hub.",
        "Downloads a Stable Diffusion model in the diffusers/Optimum ONNX layout from the Hugging"
            + " Face Hub into the models folder, where the next run serves it. Only the ONNX files,"
            + " configs, tokenizer and scheduler are fetched, never torch weights; every file's"
            + " SHA-256 is checked and the model appears only once complete. An interrupted pull"
            + " resumes where it stopped when run again.",
      },
      footer = {
        "%nHF_TOKEN (environment or --env-file) is sent to the Hub for gated or private repos,"
            + " never to the download host it redirects to.",
      })
  static final class Pull implements Callable<Integer> {
    private final CommandContext context;

    @Mixin Folder folder;

    @Parameters(
        index = "0",
        paramLabel = "REPO[@REVISION]",
        description = "A Hub repo such as onnx-community/stable-diffusion-v1-5-ONNX, or an alias")
    String repo;

    @Option(
        names = "--name",
        paramLabel = "NAME",
        description = "The model's name (default: the alias, else the repo's name)")
    String name;

    @Option(
        names = "--endpoint",
        paramLabel = "URL",
        descriptionKey = "HF_ENDPOINT",
        description = "The Hub (default https://huggingface.co). Env: HF_ENDPOINT")
    void endpoint(String value) {
      folder.variables.set("HF_ENDPOINT", value);
    }

    Pull(CommandContext context) {
      this.context = context;
    }

    @Override
    public Integer call() {
      Map<String, String> vars = folder.variables.merge(context.environment());
      Optional<KnownModel> known = KnownModel.find(repo);
      RepoRef ref = known.map(KnownModel::repo).orElseGet(() -> RepoRef.parse(repo));
      String modelName =
          name != null ? name : known.map(KnownModel::alias).orElse(ref.defaultName());
      ModelStore store = folder.store(vars);
      String endpoint = vars.get("HF_ENDPOINT");
      HubClient hub =
          new HubClient(
              endpoint == null || endpoint.isBlank()
                  ? HubClient.DEFAULT_ENDPOINT
                  : URI.create(endpoint.strip()),
              vars.get("HF_TOKEN"),
              HubClient.httpClient());
      PrintStream err = context.err();
      InstalledModel model =
          new ModelPull(hub, store, new DownloadProgress(err, context.terminal(), System::nanoTime))
              .pull(ref, ModelStore.checkName(modelName));
      context.out().println(model.directory());
      String settings =
          known
              .map(
                  k ->
                      " --steps "
                          + k.steps()
                          + " --guidance "
                          + trim(k.guidance())
                          + " --size "
                          + k.size())
              .orElse("");
      err.println(
          "installed "
              + model.name()
              + " ("
              + model.precision()
              + ", "
              + DownloadProgress.bytes(model.diskBytes())
              + "); the next goldpan-runner run serves it. Try: goldpan-runner generate --model "
              + model.name()
              + settings
              + " --prompt \"a gnome in a teacup\" --out shots/");
      return 0;
    }

    /** Lists the aliases at the top of {@code pull --help}'s footer. */
    static void describeAliases(CommandSpec pull) {
      List<String> footer = new ArrayList<>();
      footer.add("%nAliases (not checked against the Hub's listings; see docs/models.md):");
      for (KnownModel known : KnownModel.ALL) {
        footer.add(
            String.format(
                Locale.ROOT,
                "  %-16s %s  (%d step%s, guidance %s, %s)",
                known.alias(),
                known.repo(),
                known.steps(),
                known.steps() == 1 ? "" : "s",
                trim(known.guidance()),
                known.size()));
      }
      footer.addAll(List.of(pull.usageMessage().footer()));
      pull.usageMessage().footer(footer.toArray(String[]::new));
    }

    private static String trim(double value) {
      return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
    }
  }

  /** {@code models list}. */
  @Command(
      name = "list",
      aliases = "ls",
      mixinStandardHelpOptions = true,
      description = {
        "List the installed models.",
        "Lists the installed models with their size on disk, precision and a rough GPU memory"
            + " estimate at 512x512 (weights plus about three quarters of them again).",
      })
  static final class Ls implements Callable<Integer> {
    private final CommandContext context;

    @Mixin Folder folder;

    Ls(CommandContext context) {
      this.context = context;
    }

    @Override
    public Integer call() {
      ModelStore store = folder.store(folder.variables.merge(context.environment()));
      List<InstalledModel> models = store.list();
      PrintStream out = context.out();
      if (models.isEmpty()) {
        context
            .err()
            .println(
                "no models in "
                    + store.root()
                    + "; pull one with goldpan-runner models pull sd-turbo (or REPO)");
        return 0;
      }
      int width = Math.max(4, models.stream().mapToInt(m -> m.name().length()).max().orElse(4));
      String format = "%-" + width + "s  %-9s  %9s  %10s  %s%n";
      out.printf(Locale.ROOT, format, "NAME", "PRECISION", "SIZE", "GPU MEMORY", "FOLDER");
      for (InstalledModel model : models) {
        out.printf(
            Locale.ROOT,
            format,
            model.name(),
            model.precision(),
            DownloadProgress.bytes(model.diskBytes()),
            "~" + DownloadProgress.bytes(model.gpuMemoryEstimate()),
            model.directory());
      }
      return 0;
    }
  }

  /** {@code models rm}. */
  @Command(
      name = "rm",
      mixinStandardHelpOptions = true,
      description = "Remove an installed model (or the unfinished download of one).")
  static final class Rm implements Callable<Integer> {
    private final CommandContext context;

    @Mixin Folder folder;

    @Parameters(
        index = "0",
        paramLabel = "NAME",
        description = "The model, as models list names it")
    String name;

    Rm(CommandContext context) {
      this.context = context;
    }

    @Override
    public Integer call() {
      ModelStore store = folder.store(folder.variables.merge(context.environment()));
      store.remove(name);
      context.err().println("removed " + name + " from " + store.root());
      return 0;
    }
  }
}
