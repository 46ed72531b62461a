package io.goldpan.runner.cuda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CudaLibrariesTest {
  @TempDir Path dir;

  private final CudaLibrarySet set =
      new CudaLibrarySet(
          "test-set",
          List.of(
              new CudaWheel(
                  "nvidia-cuda-runtime-cu12",
                  "12.8.90",
                  "runtime.whl",
                  URI.create("http://unused.invalid/runtime.whl"),
                  "ab".repeat(32),
                  List.of("nvidia/cuda_runtime/lib/libcudart.so.12"))));

  @Test
  void locate_withNothingInstalled_namesWhatIsMissing() {
    CudaLibraries.Found found =
        CudaLibraries.locate(Map.of("LD_LIBRARY_PATH", dir.toString()), new CudaCache(dir), set);

    assertThat(found.source()).isEqualTo(CudaLibraries.Source.NONE);
    assertThat(found.detail()).startsWith("missing ").contains("libcudnn.so.9");
  }

  @Test
  void locate_withTheLibrariesOnTheLibraryPath_findsTheSystemOnes() throws IOException {
    Path lib = Files.createDirectories(dir.resolve("lib"));
    for (String soname :
        List.of(
            "libcudart.so.12",
            "libcublas.so.12",
            "libcublasLt.so.12",
            "libcufft.so.11",
            "libcurand.so.10",
            "libcudnn.so.9")) {
      Files.writeString(lib.resolve(soname), "");
    }

    CudaLibraries.Found found =
        CudaLibraries.locate(
            Map.of("LD_LIBRARY_PATH", lib.toString()), new CudaCache(dir.resolve("cache")), set);

    assertThat(found.source()).isEqualTo(CudaLibraries.Source.SYSTEM);
  }

  @Test
  void prepare_withABrokenCache_saysHowToRepairIt() throws IOException {
    CudaCache cache = new CudaCache(dir);
    Path installed = Files.createDirectories(cache.directory(set));
    Files.writeString(installed.resolve("libcudart.so.12"), "not an ELF file");

    assertThatThrownBy(() -> CudaLibraries.prepare(Map.of(), cache, set))
        .isInstanceOf(CudaInstallException.class)
        .hasMessageContaining("cannot load " + installed.resolve("libcudart.so.12"))
        .hasMessageEndingWith("run goldpan-runner cuda install again");
  }

  @Test
  void cacheForUser_followsXdgCacheHome_elseHome() {
    assertThat(CudaCache.forUser(Map.of("XDG_CACHE_HOME", "/c", "HOME", "/h")).directory(set))
        .isEqualTo(Path.of("/c/goldpan/cuda/test-set"));
    assertThat(CudaCache.forUser(Map.of("HOME", "/h")).directory(set))
        .isEqualTo(Path.of("/h/.cache/goldpan/cuda/test-set"));
  }
}
