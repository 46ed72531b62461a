package io.goldpan.runner.models.sd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.goldpan.runner.models.ModelException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ClipTokenizerTest {
  private static final ClipTokenizer SD1 = ClipTokenizer.load(Fixtures.path("tokenizer/sd1"));
  private static final ClipTokenizer SD2 = ClipTokenizer.load(Fixtures.path("tokenizer/sd2"));

  static Stream<Arguments> cases() {
    List<Arguments> out = new ArrayList<>();
    for (JsonNode c : Fixtures.json("tokenizer/cases.json").get("cases")) {
      String prompt = c.get("prompt").asText();
      String shown = prompt.length() > 40 ? prompt.substring(0, 40) + "…" : prompt;
      out.add(Arguments.of(c.get("flavour").asText(), shown, prompt, Fixtures.ints(c.get("ids"))));
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0}: \"{1}\"")
  @MethodSource("cases")
  void encode_matchesTransformersClipTokenizer(
      String flavour, String shown, String prompt, int[] expected) {
    ClipTokenizer tokenizer = flavour.equals("sd1") ? SD1 : SD2;

    assertThat(tokenizer.encode(prompt)).containsExactly(expected);
  }

  @Test
  void encode_whenPromptIsEmpty_givesStartEndAndPadding() {
    int[] ids = SD2.encode("");

    assertThat(ids).hasSize(77);
    assertThat(ids[0]).isEqualTo(716);
    assertThat(ids[1]).isEqualTo(717);
    assertThat(ids[2]).isEqualTo(SD2.padId()).isZero();
  }

  @Test
  void encode_whenPromptIsTooLong_keepsEndTokenLast() {
    int[] ids = SD1.encode("lighthouse ".repeat(200));

    assertThat(ids).hasSize(77);
    assertThat(ids[76]).isEqualTo(717);
  }

  @Test
  void tokenize_splitsEveryDigit() {
    assertThat(SD1.tokenize("1234")).hasSize(4);
  }

  @Test
  void load_whenMergesAreMissing_namesTheFile(@TempDir Path dir) throws IOException {
    Files.copy(Fixtures.path("tokenizer/sd1/vocab.json"), dir.resolve("vocab.json"));

    assertThatThrownBy(() -> ClipTokenizer.load(dir))
        .isInstanceOf(ModelException.class)
        .hasMessageContaining("missing model file")
        .hasMessageContaining("merges.txt");
  }

  @Test
  void load_whenVocabIsNotJson_namesTheFile(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("vocab.json"), "{not json");
    Files.copy(Fixtures.path("tokenizer/sd1/merges.txt"), dir.resolve("merges.txt"));

    assertThatThrownBy(() -> ClipTokenizer.load(dir))
        .isInstanceOf(ModelException.class)
        .hasMessageContaining("malformed model file")
        .hasMessageContaining("vocab.json");
  }
}
