package io.goldpan.runner.models.sd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.goldpan.runner.models.ModelException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelDirectoryTest {
  @TempDir Path temp;

  @Test
  void open_readsTheOptimumLayout() {
    ModelDirectory model = ModelDirectory.open(PipelineReference.modelDirectory("tiny-sd2"));

    assertThat(model.pipelineClass()).isEqualTo("ORTStableDiffusionPipeline");
    assertThat(model.unet()).endsWith(Path.of("unet", "model.onnx"));
    assertThat(model.scheduler().className()).isEqualTo("EulerDiscreteScheduler");
    assertThat(model.vaeScalingFactor()).isEqualTo(0.13025f);
  }

  @Test
  void open_whenVaeConfigIsAbsent_usesTheStableDiffusionScalingFactor() throws IOException {
    Path model = copyOf("tiny-sd");
    Files.delete(model.resolve("vae_decoder/config.json"));

    assertThat(ModelDirectory.open(model).vaeScalingFactor()).isEqualTo(0.18215f);
  }

  @Test
  void open_whenUnetIsMissing_namesTheFile() throws IOException {
    Path model = copyOf("tiny-sd");
    Files.delete(model.resolve("unet/model.onnx"));

    assertThatThrownBy(() -> ModelDirectory.open(model))
        .isInstanceOf(ModelException.class)
        .hasMessageContaining("missing model file")
        .hasMessageContaining(Path.of("unet", "model.onnx").toString());
  }

  @Test
  void open_whenModelIndexIsMissing_namesTheFile() throws IOException {
    Path model = copyOf("tiny-sd");
    Files.delete(model.resolve("model_index.json"));

    assertThatThrownBy(() -> ModelDirectory.open(model))
        .isInstanceOf(ModelException.class)
        .hasMessageContaining("model_index.json");
  }

  @Test
  void open_whenSchedulerConfigIsMalformed_namesTheFile() throws IOException {
    Path model = copyOf("tiny-sd");
    Files.writeString(model.resolve("scheduler/scheduler_config.json"), "{\"beta_start\": 0.1}");

    assertThatThrownBy(() -> ModelDirectory.open(model))
        .isInstanceOf(ModelException.class)
        .hasMessageContaining("malformed model file")
        .hasMessageContaining("scheduler_config.json")
        .hasMessageContaining("_class_name");
  }

  @Test
  void open_whenScalingFactorIsNotANumber_namesTheFile() throws IOException {
    Path model = copyOf("tiny-sd");
    Files.writeString(model.resolve("vae_decoder/config.json"), "{\"scaling_factor\": \"big\"}");

    assertThatThrownBy(() -> ModelDirectory.open(model))
        .isInstanceOf(ModelException.class)
        .hasMessageContaining("vae_decoder")
        .hasMessageContaining("scaling_factor");
  }

  @Test
  void open_whenTokenizerHasOnlyTokenizerJson_loadsIt() throws IOException {
    Path model = copyOf("tiny-sd");
    Path tokenizer = model.resolve("tokenizer");
    int[] expected = ClipTokenizer.load(tokenizer).encode("a red fox in the snow");
    for (String name :
        List.of("vocab.json", "merges.txt", "special_tokens_map.json", "tokenizer_config.json")) {
      Files.delete(tokenizer.resolve(name));
    }
    // what transformers 5 writes for the same tokenizer
    for (String name : List.of("tokenizer.json", "tokenizer_config.json")) {
      Files.copy(Fixtures.path("tokenizer/sd1-json/" + name), tokenizer.resolve(name));
    }

    ModelDirectory directory = ModelDirectory.open(model);

    assertThat(directory.tokenizer()).isEqualTo(tokenizer);
    assertThat(ClipTokenizer.load(directory.tokenizer()).encode("a red fox in the snow"))
        .containsExactly(expected);
  }

  @Test
  void open_whenTokenizerHasNeitherLayout_namesTheFilesItLookedFor() throws IOException {
    Path model = copyOf("tiny-sd");
    Files.delete(model.resolve("tokenizer/vocab.json"));
    Files.delete(model.resolve("tokenizer/merges.txt"));

    assertThatThrownBy(() -> ModelDirectory.open(model))
        .isInstanceOf(ModelException.class)
        .hasMessageContaining("missing model file")
        .hasMessageContaining(Path.of("tokenizer", "tokenizer.json").toString())
        .hasMessageContaining("vocab.json and merges.txt");
  }

  @Test
  void open_whenTokenizerLacksMerges_namesMergesTxt() throws IOException {
    Path model = copyOf("tiny-sd");
    Files.delete(model.resolve("tokenizer/merges.txt"));

    assertThatThrownBy(() -> ModelDirectory.open(model))
        .isInstanceOf(ModelException.class)
        .hasMessageContaining("missing model file")
        .hasMessageContaining(Path.of("tokenizer", "merges.txt").toString());
  }

  @Test
  void pipelineOpen_whenUnetExternalWeightsAreMissing_namesTheUnet() throws IOException {
    Path model = copyOf("tiny-sd");
    Files.delete(model.resolve("unet/model.onnx_data"));
    ModelDirectory directory = ModelDirectory.open(model);

    assertThatThrownBy(() -> StableDiffusionPipeline.open(directory, SessionSettings.cpu()))
        .isInstanceOf(ModelException.class)
        .hasMessageContaining("ONNX Runtime cannot load")
        .hasMessageContaining(Path.of("unet", "model.onnx").toString());
  }

  @Test
  void pipelineOpen_whenTokenizerNamesUnknownPadToken_saysSo() throws IOException {
    Path model = copyOf("tiny-sd");
    Files.writeString(
        model.resolve("tokenizer/special_tokens_map.json"), "{\"pad_token\": \"<pad>\"}");
    ModelDirectory directory = ModelDirectory.open(model);

    assertThatThrownBy(() -> StableDiffusionPipeline.open(directory, SessionSettings.cpu()))
        .isInstanceOf(ModelException.class)
        .hasMessageContaining("'<pad>'")
        .hasMessageContaining("vocab.json");
  }

  private Path copyOf(String variant) throws IOException {
    Path source = PipelineReference.modelDirectory(variant);
    Path target = temp.resolve(variant);
    try (Stream<Path> files = Files.walk(source)) {
      files.forEach(
          file -> {
            try {
              Files.copy(file, target.resolve(source.relativize(file).toString()));
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          });
    }
    return target;
  }
}
