package io.goldpan.runner.models.sd;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * Tokenizer directories of the fixtures under {@code sd/tokenizer}, written by {@code
 * fixtures/make_tokenizer_fixtures.py}. The full-vocabulary layouts {@code clip/<name>} keep their
 * large files once, gzipped, in {@code clip/}; {@code clip/<name>/files.txt} lists the ones a
 * layout holds, and {@link #assemble} unpacks them beside the layout's small files, as the Hub
 * would serve them.
 */
final class TokenizerLayouts {
  private TokenizerLayouts() {}

  /** The tokenizer directory of {@code layout}, assembled under {@code temp} when needed. */
  static Path directory(String layout, Path temp) {
    Path source = Fixtures.path("tokenizer/" + layout);
    if (!layout.startsWith("clip/")) {
      return source;
    }
    Path target = temp.resolve(layout);
    if (Files.isDirectory(target)) {
      return target;
    }
    try {
      Files.createDirectories(target);
      List<String> shared = Files.readAllLines(source.resolve("files.txt"));
      for (String name : shared) {
        unzip(source.resolveSibling(name + ".gz"), target.resolve(name));
      }
      try (Stream<Path> files = Files.list(source)) {
        for (Path file : (Iterable<Path>) files::iterator) {
          if (!file.getFileName().toString().equals("files.txt")) {
            Files.copy(file, target.resolve(file.getFileName().toString()));
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot assemble tokenizer layout " + layout, e);
    }
    return target;
  }

  /** Gunzips {@code gz} into {@code target}. */
  static void unzip(Path gz, Path target) throws IOException {
    try (InputStream in = new GZIPInputStream(Files.newInputStream(gz))) {
      Files.copy(in, target);
    }
  }
}
