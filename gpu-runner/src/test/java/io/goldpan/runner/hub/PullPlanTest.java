package io.goldpan.runner.hub;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class PullPlanTest {
  private static final List<String> SD =
      List.of(
          "model_index.json",
          "text_encoder/model.onnx",
          "unet/model.onnx",
          "unet/model.onnx_data",
          "vae_decoder/model.onnx",
          "tokenizer/vocab.json",
          "tokenizer/merges.txt",
          "scheduler/scheduler_config.json");

  private static List<HubFile> listing(List<String> paths) {
    return paths.stream().map(path -> new HubFile(path, 1, "oid", null)).toList();
  }

  @Test
  void select_ofAnSdxlRepo_takesTheSecondTextEncoderAndTokenizer() {
    List<String> sdxl =
        Stream.concat(
                SD.stream(),
                Stream.of(
                    "text_encoder_2/model.onnx",
                    "text_encoder_2/model.onnx_data",
                    "text_encoder_2/config.json",
                    "tokenizer_2/tokenizer.json",
                    "text_encoder_2/model.safetensors"))
            .toList();

    assertThat(PullPlan.select(listing(sdxl)).stream().map(HubFile::path))
        .contains(
            "text_encoder_2/model.onnx",
            "text_encoder_2/model.onnx_data",
            "text_encoder_2/config.json",
            "tokenizer_2/tokenizer.json")
        .doesNotContain("text_encoder_2/model.safetensors");
    assertThat(PullPlan.missing(listing(sdxl))).isEmpty();
  }

  @Test
  void missing_ofAnSdxlRepoWithoutItsSecondTokenizerOrEncoder_namesThem() {
    List<String> noTokenizer =
        Stream.concat(SD.stream(), Stream.of("text_encoder_2/model.onnx")).toList();
    List<String> noEncoder =
        Stream.concat(SD.stream(), Stream.of("tokenizer_2/tokenizer.json")).toList();

    assertThat(PullPlan.missing(listing(noTokenizer)))
        .containsExactly("tokenizer_2/ (vocab.json and merges.txt, or tokenizer.json)");
    assertThat(PullPlan.missing(listing(noEncoder))).containsExactly("text_encoder_2/model.onnx");
    assertThat(PullPlan.missing(listing(SD))).isEmpty();
  }
}
