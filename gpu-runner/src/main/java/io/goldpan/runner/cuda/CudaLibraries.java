package io.goldpan.runner.cuda;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Makes the CUDA libraries visible to ONNX Runtime before its CUDA provider is added.
 *
 * <p>The libraries from {@code goldpan-runner cuda install} are loaded with {@link System#load} by
 * absolute path, in dependency order: once loaded, the dynamic linker resolves the provider's
 * {@code libcudart.so.12}, {@code libcudnn.so.9} … (and cuDNN's own dlopen of its sub-libraries) by
 * their sonames, so no launcher has to set {@code LD_LIBRARY_PATH}, which the JVM reads only at
 * start and which would leak into every process the runner starts.
 */
public final class CudaLibraries {
  /** Where the CUDA libraries come from. */
  public enum Source {
    /** The per-user cache filled by {@code goldpan-runner cuda install}. */
    CACHE,
    /** A CUDA toolkit and cuDNN on the system's library path. */
    SYSTEM,
    /** Nowhere: the CUDA provider cannot start. */
    NONE
  }

  /**
   * The outcome of {@link #prepare}.
   *
   * @param source where the libraries come from
   * @param detail the folder, or what is missing
   */
  public record Found(Source source, String detail) {}

  private static final Object LOCK = new Object();
  private static Path loadedFrom;

  private CudaLibraries() {}

  /** Where the libraries would come from, without loading anything. */
  public static Found locate(Map<String, String> env, CudaCache cache, CudaLibrarySet set) {
    if (cache.isInstalled(set)) {
      return new Found(Source.CACHE, cache.directory(set).toString());
    }
    List<String> missing = new ArrayList<>();
    for (String soname :
        List.of(
            "libcudart.so.12",
            "libcublas.so.12",
            "libcublasLt.so.12",
            "libcufft.so.11",
            "libcurand.so.10",
            "libcudnn.so.9")) {
      if (systemLibrary(env, soname).isEmpty()) {
        missing.add(soname);
      }
    }
    if (missing.isEmpty()) {
      return new Found(Source.SYSTEM, "the system library path");
    }
    return new Found(Source.NONE, "missing " + String.join(", ", missing));
  }

  /**
   * Loads the cached set if it is installed (once per JVM), and says where the libraries come from.
   *
   * @throws CudaInstallException when a cached library cannot be loaded (a broken cache)
   */
  public static Found prepare(Map<String, String> env, CudaCache cache, CudaLibrarySet set) {
    Found found = locate(env, cache, set);
    if (found.source() == Source.CACHE) {
      load(cache.directory(set), set);
    }
    return found;
  }

  private static void load(Path dir, CudaLibrarySet set) {
    synchronized (LOCK) {
      if (dir.equals(loadedFrom)) {
        return;
      }
      for (String library : set.libraryFiles()) {
        Path file = dir.resolve(library);
        try {
          System.load(file.toAbsolutePath().toString());
        } catch (UnsatisfiedLinkError e) {
          throw new CudaInstallException(
              "cannot load "
                  + file
                  + ": "
                  + e.getMessage()
                  + "; delete "
                  + dir
                  + " and run goldpan-runner cuda install again",
              e);
        }
      }
      loadedFrom = dir;
    }
  }

  /** {@code soname} in {@code LD_LIBRARY_PATH} or the usual system folders, if it is there. */
  static Optional<Path> systemLibrary(Map<String, String> env, String soname) {
    List<String> dirs = new ArrayList<>();
    for (String dir : env.getOrDefault("LD_LIBRARY_PATH", "").split(File.pathSeparator)) {
      if (!dir.isEmpty()) {
        dirs.add(dir);
      }
    }
    dirs.addAll(
        List.of(
            "/usr/local/cuda/lib64",
            "/usr/lib/x86_64-linux-gnu",
            "/usr/lib64",
            "/usr/local/lib",
            "/usr/lib"));
    return dirs.stream().map(d -> Path.of(d, soname)).filter(Files::exists).findFirst();
  }
}
