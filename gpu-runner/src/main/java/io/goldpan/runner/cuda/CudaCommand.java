package io.goldpan.runner.cuda;

import io.goldpan.runner.RunnerException;
import java.io.PrintWriter;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code goldpan-runner cuda}: says where the CUDA libraries come from; {@code cuda install}
 * fetches the pinned CUDA 12 and cuDNN 9 libraries into the per-user cache.
 */
@Command(
    name = "cuda",
    mixinStandardHelpOptions = true,
    description = "Show where the CUDA libraries come from; 'cuda install' fetches them.",
    subcommands = CudaCommand.Install.class)
public final class CudaCommand implements Callable<Integer> {
  /** The package index {@code cuda install} asks, e.g. a PyPI mirror. */
  public static final String CUDA_INDEX = "GOLDPAN_CUDA_INDEX";

  private final Map<String, String> env;
  private final CudaLibrarySet set;

  @Spec private CommandSpec spec;

  /** The command for this process's environment and the pinned library set. */
  public CudaCommand() {
    this(System.getenv(), CudaLibrarySet.pinned());
  }

  /** The command for {@code env} installing {@code set} (a test's fake pins). */
  public CudaCommand(Map<String, String> env, CudaLibrarySet set) {
    this.env = Map.copyOf(env);
    this.set = set;
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    CudaCache cache = CudaCache.forUser(env);
    CudaLibraries.Found found = CudaLibraries.locate(env, cache, set);
    switch (found.source()) {
      case CACHE -> out.printf("CUDA libraries %s from %s%n", set.version(), found.detail());
      case SYSTEM -> out.println("CUDA libraries from the system library path");
      default ->
          out.printf("no CUDA libraries (%s); run: goldpan-runner cuda install%n", found.detail());
    }
    out.flush();
    return found.source() == CudaLibraries.Source.NONE ? 1 : 0;
  }

  /** {@code goldpan-runner cuda install}. */
  @Command(
      name = "install",
      mixinStandardHelpOptions = true,
      description = {
        "Download NVIDIA's CUDA 12 runtime and cuDNN 9 libraries (pinned wheels from PyPI,"
            + " SHA-256 checked, about 1.7 GB) into ~/.cache/goldpan/cuda.",
        "Only the NVIDIA driver needs to be installed on the machine."
      })
  static final class Install implements Callable<Integer> {
    @picocli.CommandLine.ParentCommand private CudaCommand parent;

    @Spec private CommandSpec spec;

    @Option(
        names = "--index",
        paramLabel = "URL",
        description =
            "PyPI-style index to fetch from (default: $GOLDPAN_CUDA_INDEX, else ${DEFAULT-VALUE})",
        defaultValue = "https://pypi.org")
    private String index;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      String fromEnv = parent.env.get(CUDA_INDEX);
      boolean flagGiven = spec.commandLine().getParseResult().hasMatchedOption("--index");
      URI base;
      try {
        base =
            URI.create(
                !flagGiven && fromEnv != null && !fromEnv.isBlank() ? fromEnv.strip() : index);
      } catch (IllegalArgumentException e) {
        err.println("goldpan-runner cuda install: the index is not a URL: " + e.getMessage());
        return 2;
      }
      try {
        CudaInstaller.create(base, CudaCache.forUser(parent.env), out).install(parent.set);
        return 0;
      } catch (RunnerException e) {
        err.println("goldpan-runner cuda install: " + e.getMessage());
        err.flush();
        return 1;
      }
    }
  }
}
