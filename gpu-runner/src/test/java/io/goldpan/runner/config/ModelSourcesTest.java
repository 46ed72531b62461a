package io.goldpan.runner.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnxruntime.OrtEnvironment;
import io.goldpan.runner.models.ExecutionProvider;
import io.goldpan.runner.models.Model;
import io.goldpan.runner.models.ModelCatalog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How {@code GOLDPAN_MODELS} and {@code GOLDPAN_MODELS_DIR} become the models a runner opens. */
class ModelSourcesTest {
  private static final Path TINY_SD =
      Path.of("src/test/resources/sd/models/tiny-sd").toAbsolutePath();

  @TempDir Path dir;

  @Test
  void models_nameEqualsDirectory_isAStableDiffusionModel() {
    RunnerConfig config =
        RunnerConfig.from(Map.of("GOLDPAN_MODELS", "demo, sd-turbo = /models/sd-turbo"));

    assertThat(config.models())
        .containsExactly(
            ModelSource.builtIn("demo"),
            new ModelSource("sd-turbo", Path.of("/models/sd-turbo"), "GOLDPAN_MODELS"));
  }

  @Test
  void modelsDir_makesAModelOfEverySubdirectoryWithAModelIndex() throws Exception {
    Files.createDirectories(dir.resolve("sd-turbo"));
    Files.writeString(dir.resolve("sd-turbo/model_index.json"), "{}");
    Files.createDirectories(dir.resolve("lcm"));
    Files.writeString(dir.resolve("lcm/model_index.json"), "{}");
    Files.createDirectories(dir.resolve("notes"));

    RunnerConfig config = RunnerConfig.from(Map.of("GOLDPAN_MODELS_DIR", dir.toString()));

    assertThat(config.modelNames()).containsExactly("lcm", "sd-turbo");
    assertThat(config.models().get(1).directory()).isEqualTo(dir.resolve("sd-turbo"));
    assertThat(config.models().get(1).variable()).isEqualTo("GOLDPAN_MODELS_DIR");
  }

  @Test
  void withNeitherVariable_servesDemoAndEveryModelInTheDefaultFolder() throws Exception {
    Path folder = Files.createDirectories(dir.resolve("goldpan/models/sd-turbo"));
    Files.writeString(folder.resolve("model_index.json"), "{}");
    Files.createDirectories(dir.resolve("goldpan/models/.partial/lcm"));
    Files.writeString(dir.resolve("goldpan/models/.partial/lcm/model_index.json"), "{}");

    RunnerConfig config = RunnerConfig.from(Map.of("XDG_DATA_HOME", dir.toString()));

    assertThat(config.modelNames()).containsExactly("demo", "sd-turbo");
    assertThat(config.models().get(1).directory()).isEqualTo(folder);
    assertThat(
            RunnerConfig.from(Map.of("XDG_DATA_HOME", dir.resolve("empty").toString()))
                .modelNames())
        .containsExactly("demo");
  }

  @Test
  void modelsDir_withoutModels_namesTheVariableAndDirectory() {
    assertThatThrownBy(() -> RunnerConfig.from(Map.of("GOLDPAN_MODELS_DIR", dir.toString())))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("GOLDPAN_MODELS_DIR directory " + dir + " has no model");
  }

  @Test
  void models_entryWithoutDirectory_isRejected() {
    assertThatThrownBy(() -> RunnerConfig.from(Map.of("GOLDPAN_MODELS", "sd=")))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("GOLDPAN_MODELS entry 'sd=' has no directory");
  }

  @Test
  void open_incompleteDirectory_failsNamingTheVariableTheModelAndTheMissingFile() throws Exception {
    Files.writeString(dir.resolve("model_index.json"), "{}");
    List<ModelSource> sources =
        RunnerConfig.from(Map.of("GOLDPAN_MODELS", "broken=" + dir)).models();

    assertThatThrownBy(
            () ->
                ModelCatalog.open(sources, OrtEnvironment.getEnvironment(), ExecutionProvider.CPU))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith(
            "GOLDPAN_MODELS: model 'broken' at " + dir + " is not a usable Stable Diffusion")
        .hasMessageContaining("missing model file");
  }

  @Test
  void open_unknownBuiltInName_saysHowToServeADirectory() {
    List<ModelSource> sources = RunnerConfig.from(Map.of("GOLDPAN_MODELS", "sd-turbo")).models();

    assertThatThrownBy(
            () ->
                ModelCatalog.open(sources, OrtEnvironment.getEnvironment(), ExecutionProvider.CPU))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "GOLDPAN_MODELS names model 'sd-turbo' but the built-in models are: demo; serve a"
                + " Stable Diffusion directory as sd-turbo=/path/to/model");
  }

  @Test
  void open_fixtureDirectory_servesItUnderItsName() {
    List<ModelSource> sources =
        RunnerConfig.from(Map.of("GOLDPAN_MODELS", "demo,tiny=" + TINY_SD)).models();

    List<Model> opened =
        ModelCatalog.open(sources, OrtEnvironment.getEnvironment(), ExecutionProvider.CPU);
    try {
      assertThat(opened).extracting(Model::name).containsExactly("demo", "tiny");
    } finally {
      opened.forEach(Model::close);
    }
  }
}
