package io.goldpan.runner.cuda;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class CudaCommandTest {
  @TempDir Path cacheHome;

  private FakeIndex index;
  private CudaWheel runtime;
  private CudaWheel cudnn;
  private CudaLibrarySet set;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @BeforeEach
  void serveWheels() throws IOException {
    index = new FakeIndex();
    runtime =
        index.serve(
            "nvidia-cuda-runtime-cu12",
            "12.8.90",
            List.of("nvidia/cuda_runtime/lib/libcudart.so.12"));
    cudnn =
        index.serve(
            "nvidia-cudnn-cu12",
            "9.10.2.21",
            List.of("nvidia/cudnn/lib/libcudnn.so.9", "nvidia/cudnn/lib/libcudnn_graph.so.9"));
    set = new CudaLibrarySet("test-set", List.of(runtime, cudnn));
  }

  @AfterEach
  void stop() {
    index.close();
  }

  private int cuda(CudaLibrarySet pins, String... args) {
    Map<String, String> env =
        Map.of(
            "XDG_CACHE_HOME", cacheHome.toString(), "GOLDPAN_CUDA_INDEX", index.uri().toString());
    CommandLine command = new CommandLine(new CudaCommand(env, pins));
    command.setOut(new PrintWriter(out, true));
    command.setErr(new PrintWriter(err, true));
    return command.execute(args);
  }

  private Path setDir() {
    return cacheHome.resolve("goldpan/cuda/test-set");
  }

  @Test
  void install_fetchesVerifiesAndUnpacksOnlyThePinnedLibraries() throws IOException {
    int status = cuda(set, "install");

    assertThat(status).as(err.toString()).isZero();
    try (Stream<Path> files = Files.list(setDir())) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder("libcudart.so.12", "libcudnn.so.9", "libcudnn_graph.so.9");
    }
    assertThat(Files.readString(setDir().resolve("libcudnn.so.9")))
        .isEqualTo("ELF stand-in for nvidia/cudnn/lib/libcudnn.so.9");
    try (Stream<Path> left = Files.list(cacheHome.resolve("goldpan/cuda"))) {
      assertThat(left.map(p -> p.getFileName().toString())).containsExactly("test-set");
    }
    assertThat(out.toString())
        .contains("[1/2] nvidia-cuda-runtime-cu12 12.8.90")
        .contains("[2/2] nvidia-cudnn-cu12 9.10.2.21")
        .contains("100 %")
        .contains("CUDA libraries test-set installed in " + setDir());
  }

  @Test
  void install_twice_downloadsOnlyOnce() {
    assertThat(cuda(set, "install")).isZero();
    int downloaded = index.downloads.get();

    int again = cuda(set, "install");

    assertThat(again).isZero();
    assertThat(downloaded).isEqualTo(2);
    assertThat(index.downloads.get()).isEqualTo(2);
    assertThat(out.toString()).contains("CUDA libraries test-set are already installed in ");
  }

  @Test
  void install_whenADownloadIsTampered_refusesItAndInstallsNothing() throws IOException {
    index.tamper(cudnn);

    int status = cuda(set, "install");

    assertThat(status).isEqualTo(1);
    assertThat(err.toString())
        .contains("goldpan-runner cuda install: " + cudnn.fileName())
        .contains("not the pinned " + cudnn.sha256())
        .contains("is not used");
    assertThat(setDir()).doesNotExist();
    try (Stream<Path> left = Files.list(cacheHome.resolve("goldpan/cuda"))) {
      assertThat(left).isEmpty();
    }
  }

  @Test
  void install_whenThePinDiffersFromWhatTheIndexServes_refusesBeforeDownloading() {
    CudaLibrarySet pinnedElsewhere = set.map(w -> w.withSha256("ab".repeat(32)));

    int status = cuda(pinnedElsewhere, "install");

    assertThat(status).isEqualTo(1);
    assertThat(err.toString())
        .contains("lists " + runtime.fileName() + " with SHA-256 " + runtime.sha256())
        .contains("not the pinned " + "ab".repeat(32));
    assertThat(index.downloads.get()).isZero();
    assertThat(setDir()).doesNotExist();
  }

  @Test
  void install_whenTheIndexLacksAWheel_namesIt() {
    CudaWheel missing =
        new CudaWheel(
            "nvidia-curand-cu12",
            "10.3.9.90",
            "nvidia_curand_cu12-10.3.9.90.whl",
            java.net.URI.create("http://unused.invalid/x.whl"),
            "cd".repeat(32),
            List.of("nvidia/curand/lib/libcurand.so.10"));

    int status = cuda(new CudaLibrarySet("test-set", List.of(runtime, missing)), "install");

    assertThat(status).isEqualTo(1);
    assertThat(err.toString()).contains("answered HTTP 404 for nvidia-curand-cu12");
    assertThat(setDir()).doesNotExist();
  }

  @Test
  void cuda_reportsWhereTheLibrariesComeFrom() {
    int before = cuda(set);
    String none = out.toString();
    cuda(set, "install");
    out.getBuffer().setLength(0);

    int after = cuda(set);

    assertThat(before).isEqualTo(1);
    assertThat(none).contains("no CUDA libraries").contains("run: goldpan-runner cuda install");
    assertThat(after).isZero();
    assertThat(out.toString()).contains("CUDA libraries test-set from " + setDir());
  }

  @Test
  void installHelp_namesTheIndexOption() {
    int status = cuda(set, "install", "--help");

    assertThat(status).isZero();
    assertThat(out.toString())
        .contains("Usage: cuda install")
        .contains("--index=URL")
        .contains("GOLDPAN_CUDA_INDEX");
  }

  @Test
  void install_withTheIndexFlag_overridesTheVariable() {
    Map<String, String> env =
        Map.of("XDG_CACHE_HOME", cacheHome.toString(), "GOLDPAN_CUDA_INDEX", "http://127.0.0.1:1");
    CommandLine command = new CommandLine(new CudaCommand(env, set));
    command.setOut(new PrintWriter(out, true));
    command.setErr(new PrintWriter(err, true));

    int status = command.execute("install", "--index", index.uri().toString());

    assertThat(status).as(err.toString()).isZero();
    assertThat(setDir().resolve("libcudart.so.12")).exists();
  }

  @Test
  void pinnedSet_coversEveryLibraryTheOnnxRuntimeCudaProviderLinks() {
    CudaLibrarySet pinned = CudaLibrarySet.pinned();

    assertThat(pinned.libraryFiles())
        .contains(
            "libcudart.so.12",
            "libcublas.so.12",
            "libcublasLt.so.12",
            "libcufft.so.11",
            "libcurand.so.10",
            "libcudnn.so.9",
            "libcudnn_graph.so.9",
            "libcudnn_ops.so.9",
            "libcudnn_cnn.so.9",
            "libnvrtc.so.12");
    assertThat(pinned.libraryFiles().indexOf("libcublasLt.so.12"))
        .isLessThan(pinned.libraryFiles().indexOf("libcublas.so.12"));
    assertThat(pinned.wheels())
        .allSatisfy(
            w -> {
              assertThat(w.url().toString())
                  .startsWith("https://files.pythonhosted.org/packages/")
                  .endsWith("/" + w.fileName());
              assertThat(w.fileName()).contains(w.version()).contains("x86_64");
            });
  }
}
