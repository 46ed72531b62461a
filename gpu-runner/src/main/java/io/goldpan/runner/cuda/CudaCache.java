package io.goldpan.runner.cuda;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where {@code goldpan-runner cuda install} keeps a library set: {@code
 * $XDG_CACHE_HOME/goldpan/cuda/<set-version>/}, else {@code ~/.cache/goldpan/cuda/<set-version>/}.
 * A set's folder appears in one atomic rename once every library is in it, so a folder that exists
 * is complete.
 */
public record CudaCache(Path root) {

  /** The cache for the user whose environment is {@code env}. */
  public static CudaCache forUser(Map<String, String> env) {
    String xdg = env.get("XDG_CACHE_HOME");
    Path base =
        xdg != null && !xdg.isBlank()
            ? Path.of(xdg)
            : Path.of(env.getOrDefault("HOME", System.getProperty("user.home")), ".cache");
    return new CudaCache(base.resolve("goldpan").resolve("cuda"));
  }

  /** The folder of {@code set}. */
  public Path directory(CudaLibrarySet set) {
    return root.resolve(set.version());
  }

  /** Whether {@code set} is installed here with all its libraries. */
  public boolean isInstalled(CudaLibrarySet set) {
    Path dir = directory(set);
    return set.libraryFiles().stream().allMatch(f -> Files.isRegularFile(dir.resolve(f)));
  }
}
