package io.goldpan.runner.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClipPreprocessorTest {
  @TempDir Path dir;

  @Test
  void read_olderExportsPlainNumbers_areSizeAndCrop() throws Exception {
    Path file = dir.resolve("preprocessor_config.json");
    Files.writeString(
        file,
        "{\"feature_extractor_type\":\"CLIPFeatureExtractor\",\"size\":336,\"crop_size\":336,"
            + "\"resample\":3,\"image_mean\":[0.5,0.5,0.5],\"image_std\":[0.25,0.25,0.25]}");

    ClipPreprocessor pre = ClipPreprocessor.read(file);

    assertThat(pre.shortestEdge()).isEqualTo(336);
    assertThat(pre.crop()).isEqualTo(336);
    assertThat(pre.mean()).containsExactly(0.5f, 0.5f, 0.5f);
    assertThat(pre.resizedSize(672, 448)).containsExactly(504, 336);
  }

  @Test
  void read_whenAbsent_isClipsOwn() {
    ClipPreprocessor pre = ClipPreprocessor.read(dir.resolve("preprocessor_config.json"));

    assertThat(pre).isSameAs(ClipPreprocessor.CLIP);
    assertThat(pre.resizedSize(1024, 512)).containsExactly(448, 224);
  }

  @Test
  void read_anotherResampling_isRefusedNamingTheFile() throws Exception {
    Path file = dir.resolve("preprocessor_config.json");
    Files.writeString(file, "{\"resample\":2}");

    assertThatThrownBy(() -> ClipPreprocessor.read(file))
        .isInstanceOf(ScorerException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("only CLIP's is supported");
  }
}
