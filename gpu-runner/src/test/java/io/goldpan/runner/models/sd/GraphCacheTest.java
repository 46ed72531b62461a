package io.goldpan.runner.models.sd;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession.SessionOptions.OptLevel;
import io.goldpan.runner.models.ExecutionProvider;
import io.goldpan.runner.models.StepListener;
import io.goldpan.runner.models.sd.internal.GraphCache;
import io.goldpan.runner.models.sd.internal.Sessions;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GraphCacheTest {
  private static final OrtEnvironment ENV = OrtEnvironment.getEnvironment();

  @TempDir Path temp;
  private Path model;
  private Path cacheFolder;
  private GraphCache cache;

  @BeforeEach
  void copyTheTinyModel() throws IOException {
    model = temp.resolve("tiny-sd");
    Path source = PipelineReference.modelDirectory("tiny-sd");
    try (Stream<Path> files = Files.walk(source)) {
      for (Path file : files.toList()) {
        Path target = model.resolve(source.relativize(file).toString());
        if (Files.isDirectory(file)) {
          Files.createDirectories(target);
        } else {
          Files.copy(file, target);
        }
      }
    }
    cacheFolder = temp.resolve("cache");
    cache = new GraphCache(cacheFolder);
  }

  @Test
  void open_firstStartSavesTheOptimisedGraph_secondStartLoadsIt() {
    assertThat(openUnet()).isEqualTo(GraphCache.Source.SAVED);
    Path entry = onlyEntry();
    assertThat(entry.resolve("model.onnx")).isRegularFile();
    // weights are always written beside the graph, as a UNet over 2 GB needs
    assertThat(entry.resolve("model.onnx.data")).isRegularFile();
    assertThat(entry.resolve("entry.properties")).isRegularFile();

    assertThat(openUnet()).isEqualTo(GraphCache.Source.CACHED);
    assertThat(onlyEntry()).isEqualTo(entry);
  }

  @Test
  void open_whenTheModelChanged_doesNotUseTheStaleGraph() throws IOException {
    openUnet();
    Path stale = onlyEntry();
    Path weights = model.resolve("unet/model.onnx_data");
    Files.setLastModifiedTime(
        weights, FileTime.fromMillis(Files.getLastModifiedTime(weights).toMillis() + 60_000));

    assertThat(openUnet()).isEqualTo(GraphCache.Source.SAVED);
    assertThat(onlyEntry()).isNotEqualTo(stale);
    assertThat(stale).doesNotExist();
  }

  @Test
  void open_whenTheSavedWeightsAreTruncated_deletesThemAndLoadsTheModel() throws IOException {
    openUnet();
    Path weights = onlyEntry().resolve("model.onnx.data");
    try (RandomAccessFile file = new RandomAccessFile(weights.toFile(), "rw")) {
      file.setLength(file.length() / 2);
    }

    assertThat(openUnet()).isEqualTo(GraphCache.Source.SAVED);
    assertThat(openUnet()).isEqualTo(GraphCache.Source.CACHED);
  }

  @Test
  void open_whenOnnxRuntimeRefusesTheSavedGraph_deletesIt_andSavesNoMoreForThatModel()
      throws IOException {
    openUnet();
    Path entry = onlyEntry();
    Path graph = entry.resolve("model.onnx");
    Files.write(graph, new byte[(int) Files.size(graph)]); // same size, not a model any more

    assertThat(openUnet()).isEqualTo(GraphCache.Source.UNSAVED);
    assertThat(entry).doesNotExist();
    assertThat(entry.resolveSibling(entry.getFileName() + ".refused")).isRegularFile();
    // no save-and-refuse on every start: the model is loaded as it is
    assertThat(openUnet()).isEqualTo(GraphCache.Source.UNSAVED);
    assertThat(entries()).isEmpty();
  }

  @Test
  void open_neverLoadsAFolderLeftHalfWrittenByACrash() throws IOException {
    openUnet();
    Path entry = onlyEntry();
    Path crashed = entry.resolveSibling(".tmp-crashed");
    Files.createDirectories(crashed);
    Files.write(crashed.resolve("model.onnx"), new byte[] {1, 2, 3});
    deleteRecursively(entry);

    assertThat(openUnet()).isEqualTo(GraphCache.Source.SAVED);
    assertThat(onlyEntry()).isEqualTo(entry);
    assertThat(openUnet()).isEqualTo(GraphCache.Source.CACHED);
  }

  @Test
  void pipeline_fromTheSavedGraphs_paintsWhatTheModelItselfPaints() {
    GenerationRequest request =
        new GenerationRequest("a red fox", null, 7, 1, 64, 64, 3, 7.5, null);
    SessionSettings cached = SessionSettings.cpu().withGraphCache(cacheFolder);

    float[] uncached = latents(SessionSettings.cpu(), request);
    float[] firstStart = latents(cached, request);
    long saved = entries().size();
    float[] secondStart = latents(cached, request);

    assertThat(saved).as("text encoder, UNet, VAE decoder and TAESD decoder saved").isEqualTo(4);
    assertThat(firstStart).containsExactly(uncached);
    assertThat(secondStart).containsExactly(uncached);
  }

  @Test
  void settings_belowTheHighestOptimisationLevel_saveNoGraph() {
    SessionSettings basic =
        SessionSettings.cpu()
            .withGraphCache(cacheFolder)
            .withTuning(new SessionTuning(1, OptLevel.BASIC_OPT, true, false));

    assertThat(basic.cache()).isNull();
    assertThat(SessionSettings.cpu().withGraphCache(cacheFolder).cache()).isNotNull();
    assertThat(basic.describe())
        .isEqualTo("CPU [intra_op_threads=1, optimisation=BASIC_OPT, cpu_arena=off]");
    assertThat(SessionSettings.cpu().describe()).isEqualTo("CPU");
  }

  private float[] latents(SessionSettings settings, GenerationRequest request) {
    try (StableDiffusionPipeline pipeline =
        StableDiffusionPipeline.open(ModelDirectory.open(model), settings, 1)) {
      return pipeline.denoise(
          request,
          0,
          1,
          null,
          new StableDiffusionPipeline.Progress(StepListener.NONE, request.steps()),
          () -> false,
          StableDiffusionPipeline.LatentsObserver.NONE);
    }
  }

  private GraphCache.Source openUnet() {
    GraphCache.Opened opened =
        cache.open(
            ENV, model.resolve("unet/model.onnx"), ExecutionProvider.CPU::newSessionOptions, "CPU");
    Sessions.closeQuietly(opened.session());
    opened.options().close();
    return opened.source();
  }

  private Path onlyEntry() {
    List<Path> entries = entries();
    assertThat(entries).hasSize(1);
    return entries.get(0);
  }

  /** Every entry folder in the cache (the level below the per-model folders). */
  private List<Path> entries() {
    try (Stream<Path> walk = Files.walk(cacheFolder, 2)) {
      return walk.filter(p -> cacheFolder.relativize(p).getNameCount() == 2)
          .filter(Files::isDirectory)
          .filter(p -> !p.getFileName().toString().startsWith(".tmp-"))
          .toList();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private static void deleteRecursively(Path folder) throws IOException {
    try (Stream<Path> walk = Files.walk(folder)) {
      for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }
}
