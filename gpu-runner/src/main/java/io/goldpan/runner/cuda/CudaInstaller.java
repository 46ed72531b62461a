package io.goldpan.runner.cuda;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Locale;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Fetches a {@link CudaLibrarySet} from a PyPI-style index into a {@link CudaCache}: looks each
 * wheel up in the index's JSON API ({@code {index}/pypi/{name}/json}), downloads it, refuses it
 * unless its SHA-256 is the pinned one, and unpacks only the pinned libraries. The set's folder
 * appears in one rename when everything is in place; a second run finds it and downloads nothing.
 */
public final class CudaInstaller {
  /** The index {@code goldpan-runner cuda install} asks by default. */
  public static final URI DEFAULT_INDEX = URI.create("https://pypi.org/");

  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http;
  private final URI index;
  private final CudaCache cache;
  private final PrintWriter out;

  public CudaInstaller(HttpClient http, URI index, CudaCache cache, PrintWriter out) {
    this.http = http;
    this.index = index.toString().endsWith("/") ? index : URI.create(index + "/");
    this.cache = cache;
    this.out = out;
  }

  /** An installer with a fresh HTTP client that follows redirects. */
  public static CudaInstaller create(URI index, CudaCache cache, PrintWriter out) {
    HttpClient http =
        HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NORMAL)
            .connectTimeout(Duration.ofSeconds(20))
            .build();
    return new CudaInstaller(http, index, cache, out);
  }

  /**
   * Installs {@code set} unless it is installed already.
   *
   * @return the set's folder
   * @throws CudaInstallException naming the wheel when a download fails, is tampered with or lacks
   *     a library
   */
  public Path install(CudaLibrarySet set) {
    Path target = cache.directory(set);
    if (cache.isInstalled(set)) {
      out.printf("CUDA libraries %s are already installed in %s%n", set.version(), target);
      out.flush();
      return target;
    }
    Path staging;
    try {
      Files.createDirectories(cache.root());
      staging = Files.createTempDirectory(cache.root(), "." + set.version() + ".partial-");
    } catch (IOException e) {
      throw new CudaInstallException(
          "cannot create the CUDA library cache " + cache.root() + ": " + e.getMessage(), e);
    }
    try {
      int n = 0;
      for (CudaWheel wheel : set.wheels()) {
        n++;
        out.printf("[%d/%d] %s %s%n", n, set.wheels().size(), wheel.name(), wheel.version());
        out.flush();
        Path file = download(wheel, staging);
        unpack(wheel, file, staging);
        Files.delete(file);
      }
      publish(staging, target);
      out.printf("CUDA libraries %s installed in %s%n", set.version(), target);
      out.flush();
      return target;
    } catch (IOException e) {
      throw new CudaInstallException(
          "cannot install the CUDA libraries into " + target + ": " + e.getMessage(), e);
    } finally {
      deleteQuietly(staging);
    }
  }

  private Path download(CudaWheel wheel, Path staging) throws IOException {
    URI url = locate(wheel);
    HttpResponse<InputStream> response = send(HttpRequest.newBuilder(url).GET().build(), wheel);
    Path file = staging.resolve(wheel.fileName());
    MessageDigest sha256 = sha256();
    long total = response.headers().firstValueAsLong("Content-Length").orElse(-1);
    try (InputStream in = response.body();
        OutputStream to = Files.newOutputStream(file)) {
      if (response.statusCode() != 200) {
        throw new CudaInstallException(
            "downloading "
                + wheel.fileName()
                + " from "
                + url
                + " answered HTTP "
                + response.statusCode());
      }
      byte[] buffer = new byte[1 << 16];
      long done = 0;
      int shownTenth = 0;
      for (int read; (read = in.read(buffer)) >= 0; ) {
        to.write(buffer, 0, read);
        sha256.update(buffer, 0, read);
        done += read;
        if (total > 0 && done * 10 / total > shownTenth) {
          shownTenth = (int) (done * 10 / total);
          out.printf("      %3d %%  %s of %s%n", shownTenth * 10, size(done), size(total));
          out.flush();
        }
      }
    }
    String actual = HexFormat.of().formatHex(sha256.digest());
    if (!actual.equals(wheel.sha256())) {
      throw new CudaInstallException(
          wheel.fileName()
              + " from "
              + url
              + " has SHA-256 "
              + actual
              + ", not the pinned "
              + wheel.sha256()
              + ": the file was changed or corrupted on the way, so it is not used."
              + " Run goldpan-runner cuda install again; if it persists, check the index.");
    }
    return file;
  }

  /** The wheel's URL as the index lists it (mirrors move files); the pinned one otherwise. */
  private URI locate(CudaWheel wheel) throws IOException {
    URI page = index.resolve("pypi/" + wheel.name() + "/json");
    HttpResponse<InputStream> response =
        send(
            HttpRequest.newBuilder(page).header("Accept", "application/json").GET().build(), wheel);
    JsonNode release;
    try (InputStream in = response.body()) {
      if (response.statusCode() != 200) {
        throw new CudaInstallException(
            "the package index "
                + index
                + " answered HTTP "
                + response.statusCode()
                + " for "
                + wheel.name()
                + "; set GOLDPAN_CUDA_INDEX to a PyPI mirror that serves it");
      }
      release = JSON.readTree(in).path("releases").path(wheel.version());
    }
    for (JsonNode file : release) {
      if (wheel.fileName().equals(file.path("filename").asText())) {
        String listed = file.path("digests").path("sha256").asText("").toLowerCase(Locale.ROOT);
        if (!listed.equals(wheel.sha256())) {
          throw new CudaInstallException(
              "the package index "
                  + index
                  + " lists "
                  + wheel.fileName()
                  + " with SHA-256 "
                  + listed
                  + ", not the pinned "
                  + wheel.sha256()
                  + "; the file is not downloaded");
        }
        String url = file.path("url").asText("");
        return url.isEmpty() ? wheel.url() : page.resolve(url);
      }
    }
    throw new CudaInstallException(
        "the package index "
            + index
            + " does not list "
            + wheel.fileName()
            + " ("
            + wheel.name()
            + " "
            + wheel.version()
            + ")");
  }

  private HttpResponse<InputStream> send(HttpRequest request, CudaWheel wheel) throws IOException {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofInputStream());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CudaInstallException("interrupted while fetching " + wheel.fileName(), e);
    } catch (IOException e) {
      throw new CudaInstallException(
          "cannot reach " + request.uri().getHost() + " for " + wheel.fileName() + ": " + e, e);
    }
  }

  private static void unpack(CudaWheel wheel, Path file, Path staging) throws IOException {
    try (ZipFile zip = new ZipFile(file.toFile())) {
      for (String library : wheel.libraries()) {
        ZipEntry entry = zip.getEntry(library);
        if (entry == null) {
          throw new CudaInstallException(wheel.fileName() + " does not contain " + library);
        }
        try (InputStream in = zip.getInputStream(entry)) {
          Files.copy(in, staging.resolve(CudaWheel.baseName(library)));
        }
      }
    }
  }

  private static void publish(Path staging, Path target) throws IOException {
    try (Stream<Path> wheels = Files.list(staging)) {
      for (Path leftover : wheels.filter(p -> p.toString().endsWith(".whl")).toList()) {
        Files.delete(leftover);
      }
    }
    try {
      Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (FileAlreadyExistsException | DirectoryNotEmptyException e) {
      // An incomplete folder left by hand, or a concurrent install that finished first.
      Path old =
          Files.createTempDirectory(target.getParent(), "." + target.getFileName() + ".old-");
      Files.move(target, old.resolve("set"), StandardCopyOption.ATOMIC_MOVE);
      Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
      deleteQuietly(old);
    } catch (AtomicMoveNotSupportedException e) {
      throw new IOException("the cache folder does not support atomic renames", e);
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  static String size(long bytes) {
    return bytes >= 1 << 20
        ? String.format(Locale.ROOT, "%.1f MB", bytes / 1e6)
        : String.format(Locale.ROOT, "%.1f kB", bytes / 1e3);
  }

  private static void deleteQuietly(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> all = Files.walk(dir)) {
      all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a leftover partial folder is harmless: it is never mistaken for an installed set
    }
  }
}
