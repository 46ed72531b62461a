package io.goldpan.runner.models.sd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.goldpan.runner.models.ModelException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ClipTokenizerTest {
  private static final ClipTokenizer SD1 = ClipTokenizer.load(Fixtures.path("tokenizer/sd1"));
  private static final ClipTokenizer SD2 = ClipTokenizer.load(Fixtures.path("tokenizer/sd2"));
  private static final Map<String, ClipTokenizer> LAYOUTS = new HashMap<>();

  @TempDir static Path assembled;

  static Stream<Arguments> layoutCases() {
    List<Arguments> out = new ArrayList<>();
    for (JsonNode c : Fixtures.json("tokenizer/layout-cases.json").get("cases")) {
      String prompt = c.get("prompt").asText();
      String shown = prompt.length() > 40 ? prompt.substring(0, 40) + "…" : prompt;
      out.add(Arguments.of(c.get("layout").asText(), shown, prompt, Fixtures.ints(c.get("ids"))));
    }
    return out.stream();
  }

  private static ClipTokenizer layout(String name) {
    return LAYOUTS.computeIfAbsent(
        name, n -> ClipTokenizer.load(TokenizerLayouts.directory(n, assembled)));
  }

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

  /**
   * Every layout transformers reads: tokenizer.json alone or with its config (full CLIP vocabulary
   * and the tiny one), vocab.json + merges.txt as SD 1.x / 2.x ship them, and both together.
   */
  @ParameterizedTest(name = "{0}: \"{1}\"")
  @MethodSource("layoutCases")
  void encode_matchesTransformersForEachTokenizerLayout(
      String layout, String shown, String prompt, int[] expected) {
    assertThat(layout(layout).encode(prompt)).containsExactly(expected);
  }

  @Test
  void tokenize_whenSpecialTokensAreNormalized_matchesThemInAnyCase() {
    ClipTokenizer tokenizer = layout("clip/json");

    assertThat(tokenizer.tokenize("<|ENDOFTEXT|>")).containsExactly(49407);
    assertThat(tokenizer.tokenize("<|StartOfText|> cat <|EndOfText|>"))
        .containsExactly(49406, 2368, 49407);
  }

  @Test
  void tokenize_whenEndTokenIsDeclaredAsPlainPadString_matchesItOnlyAsTyped() {
    // SD 1.x's special_tokens_map.json: pad_token "<|endoftext|>" is a plain string, which
    // transformers adds last and un-normalized; <|startoftext|> stays normalized.
    ClipTokenizer tokenizer = layout("clip/sd1");

    assertThat(tokenizer.tokenize("<|StartOfText|>")).containsExactly(49406);
    assertThat(tokenizer.tokenize("<|endoftext|>")).containsExactly(49407);
    assertThat(tokenizer.tokenize("<|ENDOFTEXT|>")).doesNotContain(49407);
  }

  @Test
  void load_whenMergesAreStrings_readsThemLikeArrays(@TempDir Path dir) throws IOException {
    JsonNode json = Fixtures.json("tokenizer/sd1-json/tokenizer.json");
    ArrayNode merges = (ArrayNode) json.get("model").get("merges");
    assertThat(merges.get(0).isArray()).isTrue();
    for (int i = 0; i < merges.size(); i++) {
      merges.set(i, merges.get(i).get(0).asText() + " " + merges.get(i).get(1).asText());
    }
    Files.writeString(dir.resolve("tokenizer.json"), json.toString());
    String prompt = "a portrait of a red fox in the snow, highly detailed";

    assertThat(ClipTokenizer.load(dir).encode(prompt)).containsExactly(SD1.encode(prompt));
  }

  @Test
  void load_whenTokenizerJsonAndVocabDisagree_refusesNamingBoth(@TempDir Path dir)
      throws IOException {
    Files.copy(Fixtures.path("tokenizer/sd1-json/tokenizer.json"), dir.resolve("tokenizer.json"));
    Files.copy(Fixtures.path("tokenizer/sd1/vocab.json"), dir.resolve("vocab.json"));
    List<String> merges = Files.readAllLines(Fixtures.path("tokenizer/sd1/merges.txt"));
    Files.write(dir.resolve("merges.txt"), merges.subList(0, merges.size() - 1));

    assertThatThrownBy(() -> ClipTokenizer.load(dir))
        .isInstanceOf(ModelException.class)
        .hasMessageContaining("tokenizer.json")
        .hasMessageContaining("merges.txt")
        .hasMessageContaining("disagree");
  }

  @Test
  void load_whenTokenizerJsonIsNotBpe_saysSo(@TempDir Path dir) throws IOException {
    Files.writeString(
        dir.resolve("tokenizer.json"), "{\"model\": {\"type\": \"Unigram\", \"vocab\": []}}");

    assertThatThrownBy(() -> ClipTokenizer.load(dir))
        .isInstanceOf(ModelException.class)
        .hasMessageContaining("tokenizer.json")
        .hasMessageContaining("Unigram");
  }

  @Test
  void load_whenDirectoryHasNoTokenizer_namesTheFilesItLookedFor(@TempDir Path dir) {
    assertThatThrownBy(() -> ClipTokenizer.load(dir))
        .isInstanceOf(ModelException.class)
        .hasMessageContaining("missing model file")
        .hasMessageContaining("tokenizer.json")
        .hasMessageContaining("vocab.json")
        .hasMessageContaining("merges.txt");
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
