package io.goldpan.runner.cuda;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * One pinned NVIDIA redistributable wheel and the shared libraries taken from it.
 *
 * @param name the PyPI project, e.g. {@code nvidia-cudnn-cu12}
 * @param version the release
 * @param fileName the wheel's file name in that release (the manylinux x86_64 build)
 * @param url where PyPI serves the file; used when the index does not list one
 * @param sha256 the file's SHA-256, lower-case hex; a download that differs is refused
 * @param libraries paths of the shared libraries inside the wheel, in the order they are loaded
 */
public record CudaWheel(
    String name, String version, String fileName, URI url, String sha256, List<String> libraries) {
  private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

  public CudaWheel {
    sha256 = sha256.toLowerCase(Locale.ROOT);
    if (!SHA256.matcher(sha256).matches()) {
      throw new IllegalArgumentException("sha256 of " + fileName + " must be 64 hex digits");
    }
    libraries = List.copyOf(libraries);
  }

  /** The file name a library path unpacks to, e.g. {@code libcudnn.so.9}. */
  static String baseName(String library) {
    return library.substring(library.lastIndexOf('/') + 1);
  }

  /** This wheel with another digest: lets a test pin what its fake index serves. */
  public CudaWheel withSha256(String digest) {
    return new CudaWheel(name, version, fileName, url, digest, libraries);
  }
}
