package io.goldpan.local.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Child JVMs for the benchmark: the stack, runners, a bare functions server. */
final class Procs {
  private final Path root;

  Procs(Path root) {
    this.root = root;
  }

  /** Classpath of the localstack module: functions, runner, emulators, their dependencies. */
  String stackClasspath() {
    return root.resolve("localstack/target/classes")
        + ":"
        + read("localstack/target/classpath.txt");
  }

  /** The functions jar and its runtime dependencies: what a bare functions server needs. */
  String functionsClasspath() {
    return jar("functions/target", "goldpan-functions-[0-9].*\\.jar")
        + ":"
        + read("functions/target/classpath.txt");
  }

  String runnerClasspath() {
    return jar("gpu-runner/target", "goldpan-gpu-runner-.*\\.jar")
        + ":"
        + read("gpu-runner/target/classpath.txt");
  }

  private String jar(String dir, String pattern) {
    try (var jars = Files.list(root.resolve(dir))) {
      return jars.filter(p -> p.getFileName().toString().matches(pattern))
          .findFirst()
          .orElseThrow(
              () -> new IllegalStateException(pattern + " missing in " + dir + ": build first"))
          .toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  Process java(
      String classpath, String mainClass, List<String> args, Map<String, String> env, Path log) {
    return java(List.of(), classpath, mainClass, args, env, log);
  }

  Process java(
      List<String> jvmOptions,
      String classpath,
      String mainClass,
      List<String> args,
      Map<String, String> env,
      Path log) {
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dlogback.configurationFile=goldpan-local-logback.xml"));
    command.addAll(jvmOptions);
    command.addAll(List.of("-cp", classpath, mainClass));
    command.addAll(args);
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().putAll(env);
    try {
      return builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Resident set size of a process in MiB, from /proc. */
  /** CPU time (user + system) a process has used so far, in ms, from /proc; NaN if unknown. */
  static double cpuMs(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      // fields after the command name, which is in parentheses and may contain spaces
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
      return ticks * 1000.0 / CLOCK_TICKS;
    } catch (IOException | RuntimeException e) {
      return Double.NaN;
    }
  }

  /** Linux's USER_HZ: the unit of the CPU times in /proc, 100 on every common kernel build. */
  private static final int CLOCK_TICKS = 100;

  static double rssMiB(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("\\D", "")) / 1024.0;
        }
      }
    } catch (IOException e) {
      return Double.NaN;
    }
    return Double.NaN;
  }

  static boolean logContains(Path log, String text) {
    try {
      return Files.exists(log) && Files.readString(log).contains(text);
    } catch (IOException e) {
      return false;
    }
  }

  static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static void stop(Process process) {
    process.destroy();
    try {
      if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private String read(String relative) {
    try {
      return Files.readString(root.resolve(relative)).strip();
    } catch (IOException e) {
      throw new UncheckedIOException("missing " + relative + ": build first", e);
    }
  }
}
