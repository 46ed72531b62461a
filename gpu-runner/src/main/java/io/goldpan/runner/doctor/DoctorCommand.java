package io.goldpan.runner.doctor;

import io.goldpan.runner.RunnerException;
import io.goldpan.runner.config.ExecutionProviderChoice;
import io.goldpan.runner.config.ModelSource;
import io.goldpan.runner.config.RunnerConfig;
import io.goldpan.runner.cuda.CudaCache;
import io.goldpan.runner.cuda.CudaLibraries;
import io.goldpan.runner.cuda.CudaLibrarySet;
import io.goldpan.runner.cuda.NvidiaDriver;
import io.goldpan.runner.models.ExecutionProvider;
import io.goldpan.runner.models.ExecutionProviders;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code goldpan-runner doctor}: a short report, fit to paste into an issue, of what this machine
 * can paint on and why not; exits 1 when the runner could not paint on the provider it is asked for
 * ({@code GOLDPAN_EXECUTION_PROVIDER}), 2 when the configuration is unusable.
 */
@Command(
    name = "doctor",
    mixinStandardHelpOptions = true,
    description = {
      "Check Java, the NVIDIA driver and GPUs, the CUDA libraries, which execution providers",
      "really start, whether each model fits the free GPU memory, and the queue and storage",
      "endpoints. Paste the output into an issue; it holds no credentials."
    })
public final class DoctorCommand implements Callable<Integer> {
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);

  private final Map<String, String> env;
  private final CudaLibrarySet set;

  @Spec private CommandSpec spec;

  /** The doctor for this process's environment. */
  public DoctorCommand() {
    this(System.getenv(), CudaLibrarySet.pinned());
  }

  /** The doctor for {@code env} (the variables, {@code PATH} and cache location it reads). */
  public DoctorCommand(Map<String, String> env, CudaLibrarySet set) {
    this.env = Map.copyOf(env);
    this.set = set;
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    try {
      return report(out);
    } finally {
      out.flush();
    }
  }

  private int report(PrintWriter out) {
    out.printf(
        "java:        %s (%s) on %s %s %s%n",
        System.getProperty("java.version"),
        System.getProperty("java.vendor"),
        System.getProperty("os.name"),
        System.getProperty("os.version"),
        System.getProperty("os.arch"));
    RunnerConfig config;
    try {
      config = RunnerConfig.from(env);
    } catch (RunnerException e) {
      out.println("config:      unusable: " + e.getMessage());
      return 2;
    }

    NvidiaDriver driver = NvidiaDriver.detect(env);
    out.println("driver:      " + (driver.found() ? "found: " : "") + driver.evidence());
    List<GpuInfo> gpus = gpus(out);

    CudaLibraries.Found libraries;
    try {
      libraries = CudaLibraries.prepare(env, CudaCache.forUser(env), set);
    } catch (RunnerException e) {
      libraries = new CudaLibraries.Found(CudaLibraries.Source.NONE, e.getMessage());
    }
    out.println("cuda libs:   " + describe(libraries));

    out.println("providers:   compiled in " + ExecutionProviders.availableProviders());
    Optional<String> cpu = ProviderCheck.tryPaint(ExecutionProvider.CPU);
    out.println("  CPU:       " + cpu.map(why -> "fails: " + why).orElse("starts (demo painted)"));
    Optional<String> cuda =
        config.executionProvider() == ExecutionProviderChoice.CPU
            ? Optional.of("not tried (" + RunnerConfig.EXECUTION_PROVIDER + "=cpu)")
            : ProviderCheck.tryPaint(ExecutionProvider.CUDA);
    out.println("  CUDA:      " + cuda.map(why -> "fails: " + why).orElse("starts (demo painted)"));

    long free = gpus.stream().mapToLong(GpuInfo::freeBytes).max().orElse(-1);
    for (ModelSource source : config.models()) {
      out.println(model(source, free, gpus));
    }

    out.println(endpoint("queue:       sqs ", config.sqsEndpoint(), "sqs", config.region()));
    out.println(endpoint("storage:     s3  ", config.s3Endpoint(), "s3", config.region()));
    out.println(
        "credentials: "
            + (config.credentials() == null
                ? "the AWS SDK's default chain"
                : "static, from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY (not shown)"));

    boolean cudaStarts = cuda.isEmpty();
    boolean cpuStarts = cpu.isEmpty();
    String asked = config.executionProvider().name().toLowerCase(Locale.ROOT);
    boolean ok;
    String paints;
    switch (config.executionProvider()) {
      case CUDA -> {
        ok = cudaStarts;
        paints = cudaStarts ? "CUDA" : "nothing: CUDA does not start";
      }
      case CPU -> {
        ok = cpuStarts;
        paints = cpuStarts ? "the CPU" : "nothing: the CPU provider does not start";
      }
      default -> {
        ok = cudaStarts || cpuStarts;
        paints = cudaStarts ? "CUDA" : cpuStarts ? "the CPU (CUDA does not start)" : "nothing";
      }
    }
    out.printf(
        "verdict:     %s=%s, so the runner paints on %s%n",
        RunnerConfig.EXECUTION_PROVIDER, asked, paints);
    return ok ? 0 : 1;
  }

  private List<GpuInfo> gpus(PrintWriter out) {
    Optional<Path> smi = NvidiaDriver.onPath(env, "nvidia-smi");
    if (smi.isEmpty()) {
      out.println("gpus:        unknown (nvidia-smi is not on the PATH)");
      return List.of();
    }
    List<String> command = new ArrayList<>();
    command.add(smi.get().toString());
    command.addAll(GpuInfo.QUERY);
    String output;
    Path capture = null;
    try {
      // Output goes to a file, so a hung nvidia-smi cannot block the read past the timeout.
      capture = Files.createTempFile("goldpan-nvidia-smi", ".csv");
      ProcessBuilder builder =
          new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(capture.toFile());
      builder.environment().put("PATH", env.getOrDefault("PATH", ""));
      Process process = builder.start();
      boolean finished = process.waitFor(10, TimeUnit.SECONDS);
      if (!finished) {
        process.destroyForcibly();
      }
      output = Files.readString(capture, StandardCharsets.UTF_8);
      if (!finished || process.exitValue() != 0) {
        out.println("gpus:        nvidia-smi failed: " + firstLine(output));
        return List.of();
      }
    } catch (IOException e) {
      out.println("gpus:        nvidia-smi cannot run: " + e.getMessage());
      return List.of();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return List.of();
    } finally {
      deleteQuietly(capture);
    }
    List<GpuInfo> gpus = GpuInfo.parse(output);
    if (gpus.isEmpty()) {
      out.println("gpus:        none listed by nvidia-smi: " + firstLine(output));
    }
    for (GpuInfo gpu : gpus) {
      out.printf(
          "gpu %d:       %s, %d MiB total, %d MiB free, driver %s%n",
          gpu.index(), gpu.name(), gpu.totalMiB(), gpu.freeMiB(), gpu.driverVersion());
    }
    return gpus;
  }

  private static String describe(CudaLibraries.Found found) {
    return switch (found.source()) {
      case CACHE -> "cache from goldpan-runner cuda install: " + found.detail();
      case SYSTEM -> "system: " + found.detail();
      case NONE -> "none (" + found.detail() + "); " + ExecutionProviders.INSTALL_HINT;
    };
  }

  private static String model(ModelSource source, long freeBytes, List<GpuInfo> gpus) {
    ModelFootprint footprint = ModelFootprint.of(source);
    String where = source.isBuiltIn() ? "built-in" : source.directory().toString();
    String fit;
    if (source.isBuiltIn()) {
      fit = "fits anywhere";
    } else if (gpus.isEmpty()) {
      fit = "needs about " + ModelFootprint.gb(footprint.neededBytes()) + " of GPU memory";
    } else {
      fit = ModelFit.describe(footprint.neededBytes(), freeBytes);
    }
    return String.format(
        "model %s: %s, %s, %s of ONNX files, %s",
        source.name(),
        where,
        footprint.precision(),
        ModelFootprint.gb(footprint.weightBytes()),
        fit);
  }

  private static String endpoint(String label, URI configured, String service, String region) {
    URI endpoint =
        configured != null
            ? configured
            : URI.create("https://" + service + "." + region + ".amazonaws.com");
    return label
        + endpoint.getScheme()
        + "://"
        + Reachability.hostAndPort(endpoint)
        + (configured == null ? " (AWS)" : "")
        + " "
        + Reachability.check(endpoint, CONNECT_TIMEOUT);
  }

  private static void deleteQuietly(Path file) {
    if (file != null) {
      try {
        Files.deleteIfExists(file);
      } catch (IOException e) {
        // a leftover temporary file is harmless
      }
    }
  }

  private static String firstLine(String text) {
    String stripped = text.strip();
    int newline = stripped.indexOf('\n');
    return newline < 0 ? stripped : stripped.substring(0, newline);
  }
}
