package io.goldpan.runner.models.sd.internal;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.OrtSession.SessionOptions.OptLevel;
import io.goldpan.runner.models.ModelException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ONNX Runtime's fully optimised graph of each model file, saved on the first start and loaded,
 * without optimising again, on later ones: the highest optimisation level costs seconds per start
 * on a real-size UNet (about 12 s for SD-Turbo's), loading the saved graph a fraction of that.
 *
 * <p>An entry is {@code <root>/<hash of the model's path>/<hash of its identity>/}: {@code
 * model.onnx}, its weights in {@code model.onnx.data} (always external, so a UNet over protobuf's 2
 * GB limit saves like a tiny one) and {@code entry.properties} with the files' sizes. The identity
 * is the model file's real path, the name, size and modification time of every file in its folder
 * (external weights included), the ONNX Runtime version, the execution provider with its options,
 * the optimisation level and the CPU's model and feature flags (the CPU provider's optimised graph
 * holds layouts chosen for the CPU it ran on). Any change gives a new entry and removes the model's
 * older ones. An entry is written in a temporary folder and appears in one rename, so a crash
 * mid-write never leaves a partial entry; one whose files have other sizes than it recorded is
 * deleted and the original model loaded (and saved again). One that ONNX Runtime refuses is deleted
 * too and its identity marked {@code <hash>.refused}, so later starts load the model without saving
 * a graph that cannot be loaded: the CUDA provider, for one, may write copy nodes into the graph
 * that it cannot load back (onnxruntime issue 11348). Temporary folders a crash left behind are
 * removed after a day.
 */
public final class GraphCache {
  private static final Logger log = LoggerFactory.getLogger(GraphCache.class);

  static final String MODEL = "model.onnx";
  static final String WEIGHTS = "model.onnx.data";
  static final String MANIFEST = "entry.properties";
  private static final OptLevel SAVED_LEVEL = OptLevel.ALL_OPT;
  private static final String EXTERNAL_WEIGHTS_KEY =
      "session.optimized_model_external_initializers_file_name";

  /** Where a session's graph came from. */
  public enum Source {
    /** The saved optimised graph, loaded without optimising again. */
    CACHED,
    /** The original model, optimised, and its optimised graph saved for the next start. */
    SAVED,
    /**
     * The original model, optimised; nothing saved (the cache folder could not be written, or ONNX
     * Runtime refused a graph saved for this model before).
     */
    UNSAVED
  }

  /**
   * A session and the options it was created with (owned by the caller), and its graph's source.
   */
  public record Opened(OrtSession.SessionOptions options, OrtSession session, Source source) {}

  private final Path root;

  public GraphCache(Path root) {
    this.root = root;
  }

  public Path root() {
    return root;
  }

  /**
   * A session for {@code model}: from its saved optimised graph when there is a sound one, else
   * from the model itself, saving its optimised graph.
   *
   * @param newOptions fresh session options for the execution provider, each call a new instance
   * @param provider the execution provider and its options, e.g. {@code CPU}
   * @throws ModelException when ONNX Runtime refuses the original model
   */
  public Opened open(
      OrtEnvironment env,
      Path model,
      Supplier<OrtSession.SessionOptions> newOptions,
      String provider) {
    if (!Files.isRegularFile(model)) {
      return unsaved(env, model, newOptions); // which says the file is missing
    }
    Path modelFolder;
    Path entry;
    try {
      modelFolder = root.resolve(hash(model.toRealPath().toString()).substring(0, 16));
      entry = modelFolder.resolve(hash(identity(env, model, provider)).substring(0, 24));
    } catch (IOException e) {
      log.warn("graph cache: cannot identify {}, not caching it: {}", model, e.toString());
      return unsaved(env, model, newOptions);
    }
    Path refused = refusedMarker(entry);
    if (Files.exists(refused)) {
      log.info(
          "graph cache: not saving {}: ONNX Runtime refused its saved graph before (delete {} to"
              + " try again)",
          model,
          refused);
      return unsaved(env, model, newOptions);
    }
    if (Files.isDirectory(entry)) {
      Opened cached = loadCached(env, model, entry, newOptions);
      if (cached != null) {
        return cached;
      }
      if (Files.exists(refused)) {
        return unsaved(env, model, newOptions);
      }
    }
    return optimiseAndSave(env, model, modelFolder, entry, newOptions);
  }

  private static Path refusedMarker(Path entry) {
    return entry.resolveSibling(entry.getFileName() + ".refused");
  }

  private Opened loadCached(
      OrtEnvironment env, Path model, Path entry, Supplier<OrtSession.SessionOptions> newOptions) {
    String damage = damage(entry);
    if (damage == null) {
      OrtSession.SessionOptions options = newOptions.get();
      try {
        // the graph is optimised already; optimising it again could re-apply layout changes
        options.setOptimizationLevel(OptLevel.NO_OPT);
        OrtSession session = env.createSession(entry.resolve(MODEL).toString(), options);
        log.info("graph cache: {} loaded from its saved optimised graph {}", model, entry);
        return new Opened(options, session, Source.CACHED);
      } catch (OrtException | RuntimeException e) {
        options.close();
        damage = "ONNX Runtime refuses it: " + e.getMessage();
        try {
          Files.writeString(refusedMarker(entry), damage + "\n");
        } catch (IOException written) {
          log.debug("graph cache: cannot mark {} refused: {}", entry, written.toString());
        }
      }
    }
    log.warn(
        "graph cache: deleting the saved graph of {} and loading the model itself: {}",
        model,
        damage);
    deleteQuietly(entry);
    return null;
  }

  /** Why the entry cannot be trusted, or null when its files have the sizes it recorded. */
  private static String damage(Path entry) {
    Properties manifest = new Properties();
    try (InputStream in = Files.newInputStream(entry.resolve(MANIFEST))) {
      manifest.load(in);
      for (String file : List.of(MODEL, WEIGHTS)) {
        String recorded = manifest.getProperty("size." + file);
        Path path = entry.resolve(file);
        if (recorded == null) {
          continue; // a graph small enough to hold no external weights
        }
        if (!Files.isRegularFile(path) || Files.size(path) != Long.parseLong(recorded)) {
          return file
              + " has "
              + (Files.isRegularFile(path) ? Files.size(path) + " bytes" : "gone")
              + ", the entry recorded "
              + recorded;
        }
      }
      return null;
    } catch (IOException | NumberFormatException e) {
      return "its manifest cannot be read: " + e;
    }
  }

  private Opened optimiseAndSave(
      OrtEnvironment env,
      Path model,
      Path modelFolder,
      Path entry,
      Supplier<OrtSession.SessionOptions> newOptions) {
    Path temporary;
    try {
      Files.createDirectories(modelFolder);
      temporary = Files.createDirectory(modelFolder.resolve(".tmp-" + UUID.randomUUID()));
    } catch (IOException e) {
      log.warn("graph cache: cannot write under {}, not saving {}: {}", root, model, e.toString());
      return unsaved(env, model, newOptions);
    }
    OrtSession.SessionOptions options = newOptions.get();
    OrtSession session;
    long start = System.nanoTime();
    try {
      options.setOptimizationLevel(SAVED_LEVEL);
      options.setOptimizedModelFilePath(temporary.resolve(MODEL).toString());
      options.addConfigEntry(EXTERNAL_WEIGHTS_KEY, WEIGHTS);
      session = env.createSession(model.toString(), options);
    } catch (OrtException | RuntimeException e) {
      // perhaps only the saving failed (a full disk): try once more without
      options.close();
      deleteQuietly(temporary);
      log.warn("graph cache: saving the optimised graph of {} failed: {}", model, e.getMessage());
      return unsaved(env, model, newOptions);
    }
    long millis = (System.nanoTime() - start) / 1_000_000;
    try {
      writeManifest(temporary, model);
      Files.move(temporary, entry, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException | UncheckedIOException e) {
      // another runner saved the same entry first, or the folder is read-only
      deleteQuietly(temporary);
      log.info("graph cache: {} not saved: {}", model, e.toString());
      return new Opened(options, session, Source.UNSAVED);
    }
    removeOtherEntries(modelFolder, entry);
    log.info(
        "graph cache: {} optimised in {} ms, its optimised graph saved to {}",
        model,
        millis,
        entry);
    return new Opened(options, session, Source.SAVED);
  }

  private static Opened unsaved(
      OrtEnvironment env, Path model, Supplier<OrtSession.SessionOptions> newOptions) {
    OrtSession.SessionOptions options = newOptions.get();
    try {
      return new Opened(options, Sessions.open(env, model, options), Source.UNSAVED);
    } catch (RuntimeException e) {
      options.close();
      throw e;
    }
  }

  private static void writeManifest(Path temporary, Path model) throws IOException {
    Properties manifest = new Properties();
    manifest.setProperty("model", model.toRealPath().toString());
    for (String file : List.of(MODEL, WEIGHTS)) {
      Path path = temporary.resolve(file);
      if (Files.isRegularFile(path)) {
        manifest.setProperty("size." + file, Long.toString(Files.size(path)));
      }
    }
    try (OutputStream out = Files.newOutputStream(temporary.resolve(MANIFEST))) {
      manifest.store(out, "Goldpan optimised graph cache entry");
    }
  }

  private static void removeOtherEntries(Path modelFolder, Path keep) {
    long dayAgo = System.currentTimeMillis() - 24 * 3600 * 1000L;
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(modelFolder)) {
      for (Path other : entries) {
        // a recent temporary folder may be another runner's, writing
        boolean temporary = other.getFileName().toString().startsWith(".tmp-");
        if (!other.equals(keep)
            && (!temporary || Files.getLastModifiedTime(other).toMillis() < dayAgo)) {
          deleteQuietly(other);
        }
      }
    } catch (IOException e) {
      log.debug("graph cache: cannot list {}: {}", modelFolder, e.toString());
    }
  }

  /** Everything that, changed, makes a saved graph stale; see the class comment. */
  static String identity(OrtEnvironment env, Path model, String provider) throws IOException {
    StringBuilder out = new StringBuilder();
    out.append("model=").append(model.toRealPath()).append('\n');
    List<Path> files = new ArrayList<>();
    try (Stream<Path> listing = Files.list(model.toRealPath().getParent())) {
      listing.filter(Files::isRegularFile).sorted(Comparator.naturalOrder()).forEach(files::add);
    }
    for (Path file : files) {
      out.append("file=")
          .append(file.getFileName())
          .append(' ')
          .append(Files.size(file))
          .append(' ')
          .append(Files.getLastModifiedTime(file).toMillis())
          .append('\n');
    }
    out.append("onnxruntime=").append(env.getVersion()).append('\n');
    out.append("provider=").append(provider).append('\n');
    out.append("level=").append(SAVED_LEVEL).append('\n');
    out.append("cpu=").append(cpu()).append('\n');
    return out.toString();
  }

  /** The CPU's architecture, model and feature flags (from {@code /proc/cpuinfo} where there). */
  private static String cpu() {
    StringBuilder out = new StringBuilder(System.getProperty("os.arch"));
    Path cpuinfo = Path.of("/proc/cpuinfo");
    if (Files.isReadable(cpuinfo)) {
      try (Stream<String> lines = Files.lines(cpuinfo)) {
        lines
            .takeWhile(line -> !line.isBlank()) // the first processor is enough
            .filter(
                line ->
                    line.startsWith("model name")
                        || line.startsWith("flags")
                        || line.startsWith("Features")
                        || line.startsWith("CPU part"))
            .forEach(line -> out.append(' ').append(line.strip()));
      } catch (IOException | UncheckedIOException e) {
        // identify by architecture alone
      }
    }
    return out.toString();
  }

  private static String hash(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  private static void deleteQuietly(Path folder) {
    if (!Files.exists(folder)) {
      return;
    }
    if (!Files.isDirectory(folder)) {
      try {
        Files.deleteIfExists(folder);
      } catch (IOException e) {
        log.warn("graph cache: cannot delete {}: {}", folder, e.toString());
      }
      return;
    }
    try (Stream<Path> walk = Files.walk(folder)) {
      for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException | UncheckedIOException e) {
      log.warn("graph cache: cannot delete {}: {}", folder, e.toString());
    }
  }
}
