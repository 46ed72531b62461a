package io.goldpan.runner.cuda;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Looks for an NVIDIA driver: {@code /proc/driver/nvidia/version} (Linux), {@code libcuda.so.1} in
 * {@code /usr/lib/wsl/lib} (WSL2, where the Windows driver provides it) or in the linker cache, or
 * {@code nvidia-smi} on the {@code PATH}.
 *
 * @param found whether a driver was found
 * @param evidence what showed it, e.g. {@code /proc/driver/nvidia/version: NVRM version: ...
 *     570.86}
 */
public record NvidiaDriver(boolean found, String evidence) {
  static final Path PROC_VERSION = Path.of("/proc/driver/nvidia/version");
  static final Path WSL_LIBCUDA = Path.of("/usr/lib/wsl/lib/libcuda.so.1");

  /** Looks on this machine, with {@code env}'s {@code PATH} for {@code nvidia-smi}. */
  public static NvidiaDriver detect(Map<String, String> env) {
    if (Files.isReadable(PROC_VERSION)) {
      return new NvidiaDriver(true, PROC_VERSION + ": " + firstLine(PROC_VERSION));
    }
    if (Files.exists(WSL_LIBCUDA)) {
      return new NvidiaDriver(true, WSL_LIBCUDA + " (WSL2, from the Windows driver)");
    }
    if (ldconfigKnowsLibcuda()) {
      return new NvidiaDriver(true, "libcuda.so.1 in the linker cache (ldconfig -p)");
    }
    Optional<Path> smi = onPath(env, "nvidia-smi");
    if (smi.isPresent()) {
      return new NvidiaDriver(true, "nvidia-smi at " + smi.get());
    }
    return new NvidiaDriver(
        false, "no NVIDIA driver: no " + PROC_VERSION + ", no libcuda.so.1, no nvidia-smi");
  }

  /** The executable {@code name} in {@code env}'s {@code PATH}, if there is one. */
  public static Optional<Path> onPath(Map<String, String> env, String name) {
    String path = env.getOrDefault("PATH", "");
    for (String dir : path.split(File.pathSeparator)) {
      if (dir.isEmpty()) {
        continue;
      }
      Path candidate = Path.of(dir, name);
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  private static boolean ldconfigKnowsLibcuda() {
    for (String ldconfig : new String[] {"/sbin/ldconfig", "/usr/sbin/ldconfig"}) {
      if (!Files.isExecutable(Path.of(ldconfig))) {
        continue;
      }
      try {
        Process process = new ProcessBuilder(ldconfig, "-p").redirectErrorStream(true).start();
        String listing =
            new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor(5, TimeUnit.SECONDS);
        return listing.contains("libcuda.so.1 ");
      } catch (IOException e) {
        return false;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return false;
  }

  private static String firstLine(Path file) {
    try {
      return Files.readAllLines(file).stream().findFirst().orElse("").strip();
    } catch (IOException e) {
      return "(unreadable: " + e.getMessage() + ")";
    }
  }
}
