package io.goldpan.runner.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DataFoldersTest {
  @Test
  void defaultModels_followsXdg_thenHome_andLocalAppDataOnWindows() {
    assertThat(
            DataFolders.defaultModels(Map.of("XDG_DATA_HOME", "/data", "HOME", "/home/a"), "Linux"))
        .isEqualTo(Path.of("/data", "goldpan", "models"));
    assertThat(
            DataFolders.defaultModels(Map.of("XDG_DATA_HOME", "rel", "HOME", "/home/a"), "Linux"))
        .isEqualTo(Path.of("/home/a", ".local", "share", "goldpan", "models"));
    assertThat(
            DataFolders.defaultModels(
                Map.of("LOCALAPPDATA", "C:\\Users\\a\\AppData\\Local"), "Windows 11"))
        .isEqualTo(Path.of("C:\\Users\\a\\AppData\\Local", "goldpan", "models"));
    assertThat(DataFolders.defaultModels(Map.of(), "Linux")).isNull();
  }

  @Test
  void models_prefersTheVariable_andSaysWhatToSetWithoutAnyHome() {
    assertThat(DataFolders.models(Map.of("GOLDPAN_MODELS_DIR", "/models", "HOME", "/home/a")))
        .isEqualTo(Path.of("/models"));
    assertThatThrownBy(() -> DataFolders.models(Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("no models folder: set GOLDPAN_MODELS_DIR");
  }

  @Test
  void graphCache_followsTheVariable_thenTheXdgCache_thenHome() {
    assertThat(DataFolders.graphCache(Map.of("GOLDPAN_GRAPH_CACHE", "off"))).isNull();
    assertThat(DataFolders.graphCache(Map.of("GOLDPAN_GRAPH_CACHE", "/srv/graphs")))
        .isEqualTo(Path.of("/srv/graphs"));
    assertThat(DataFolders.graphCache(Map.of("XDG_CACHE_HOME", "/c", "HOME", "/h")))
        .isEqualTo(Path.of("/c/goldpan/onnx-graphs"));
    assertThat(DataFolders.graphCache(Map.of("XDG_CACHE_HOME", "relative", "HOME", "/h")))
        .isEqualTo(Path.of("/h/.cache/goldpan/onnx-graphs"));
    assertThat(DataFolders.graphCache(Map.of("HOME", "/h")))
        .isEqualTo(Path.of("/h/.cache/goldpan/onnx-graphs"));
  }
}
