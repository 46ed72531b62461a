package io.goldpan.runner.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The models folder ({@code GOLDPAN_MODELS_DIR}): one folder per installed model, which the runner
 * serves, and {@code .partial/NAME} for downloads in progress, which it never sees.
 */
public final class ModelStore {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
  private static final String PARTIAL = ".partial";

  private final Path root;

  public ModelStore(Path root) {
    this.root = root.toAbsolutePath().normalize();
  }

  public Path root() {
    return root;
  }

  /**
   * Checks that {@code name} can name a model folder.
   *
   * @throws StoreException saying which characters are allowed
   */
  public static String checkName(String name) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new StoreException(
          "model name '"
              + name
              + "' must be 1-64 characters of a-z A-Z 0-9 . _ -, starting with a letter or digit");
    }
    return name;
  }

  /** The installed models, by name. */
  public List<InstalledModel> list() {
    if (!Files.isDirectory(root)) {
      return List.of();
    }
    List<InstalledModel> models = new ArrayList<>();
    try (Stream<Path> children = Files.list(root)) {
      for (Path dir : children.sorted().toList()) {
        String name = dir.getFileName().toString();
        if (!name.startsWith(".") && Files.isRegularFile(dir.resolve("model_index.json"))) {
          models.add(describe(name, dir));
        }
      }
    } catch (IOException e) {
      throw new StoreException("cannot list the models folder " + root + ": " + e.getMessage(), e);
    }
    return models;
  }

  /** The installed model {@code name}, if there is one. */
  public Optional<InstalledModel> find(String name) {
    Path dir = root.resolve(checkName(name));
    return Files.isRegularFile(dir.resolve("model_index.json"))
        ? Optional.of(describe(name, dir))
        : Optional.empty();
  }

  /** Where the download of model {@code name} collects its files until {@link #install}. */
  public Path partial(String name) {
    return root.resolve(PARTIAL).resolve(checkName(name));
  }

  /**
   * Moves the complete download of {@code name} into place in one rename, so a runner never sees
   * half a model.
   *
   * @throws StoreException when a model of that name exists or the rename fails
   */
  public InstalledModel install(String name) {
    Path target = root.resolve(checkName(name));
    if (Files.exists(target)) {
      throw new StoreException(
          "model '"
              + name
              + "' already exists at "
              + target
              + "; remove it first with"
              + " goldpan-runner models rm "
              + name);
    }
    try {
      Files.move(partial(name), target, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      throw new StoreException(
          "cannot move " + partial(name) + " into place atomically: " + e.getMessage(), e);
    } catch (IOException e) {
      throw new StoreException("cannot install model '" + name + "' at " + target + ": " + e, e);
    }
    return describe(name, target);
  }

  /**
   * Removes the installed model {@code name} (and any unfinished download of it): first renamed
   * aside, so a runner starting meanwhile never serves half of it.
   *
   * @throws StoreException naming the installed models when there is none called {@code name}
   */
  public void remove(String name) {
    Path dir = root.resolve(checkName(name));
    Path partial = partial(name);
    if (!Files.isRegularFile(dir.resolve("model_index.json"))) {
      if (Files.isDirectory(partial)) {
        deleteTree(partial);
        return;
      }
      List<String> names = list().stream().map(InstalledModel::name).toList();
      throw new StoreException(
          "no model named '"
              + name
              + "' in "
              + root
              + (names.isEmpty()
                  ? " (it holds none)"
                  : "; installed: " + String.join(", ", names)));
    }
    Path aside = root.resolve(".removing-" + name + "-" + UUID.randomUUID());
    try {
      Files.move(dir, aside, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new StoreException("cannot remove model '" + name + "' at " + dir + ": " + e, e);
    }
    deleteTree(aside);
    if (Files.isDirectory(partial)) {
      deleteTree(partial);
    }
  }

  /** Deletes {@code dir} and everything in it. */
  public static void deleteTree(Path dir) {
    try {
      Files.walkFileTree(
          dir,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
                throws IOException {
              Files.delete(file);
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
              if (e != null) {
                throw e;
              }
              Files.delete(d);
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException e) {
      throw new StoreException("cannot delete " + dir + ": " + e.getMessage(), e);
    }
  }

  private static InstalledModel describe(String name, Path dir) {
    long[] sizes = new long[2];
    try (Stream<Path> files = Files.walk(dir)) {
      files
          .filter(Files::isRegularFile)
          .forEach(
              file -> {
                long size = size(file);
                sizes[0] += size;
                String fileName = file.getFileName().toString();
                if (fileName.endsWith(".onnx")
                    || fileName.endsWith(".onnx_data")
                    || fileName.endsWith(".onnx.data")
                    || fileName.equals("weights.pb")) {
                  sizes[1] += size;
                }
              });
    } catch (IOException | UncheckedIOException e) {
      throw new StoreException("cannot read model folder " + dir + ": " + e.getMessage(), e);
    }
    Path unet = dir.resolve("unet").resolve("model.onnx");
    String precision = Files.isRegularFile(unet) ? OnnxWeights.precision(unet) : "unknown";
    return new InstalledModel(name, dir, sizes[0], sizes[1], precision);
  }

  private static long size(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
