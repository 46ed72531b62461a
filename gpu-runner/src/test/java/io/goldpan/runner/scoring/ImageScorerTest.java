package io.goldpan.runner.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.onnxruntime.OrtEnvironment;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.goldpan.contract.ImageScores;
import io.goldpan.runner.models.ExecutionProvider;
import java.awt.image.BufferedImage;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The scorer against transformers on the tiny fixture CLIP (fixtures/make_scorer_fixtures.py):
 * pixels, embeddings and scores of a few pictures, square, wide, tall, shrunk and enlarged.
 */
class ImageScorerTest {
  static final Path FIXTURES = Path.of("src/test/resources/scorer");
  static JsonNode reference;
  static ImageScorer scorer;

  @BeforeAll
  static void open() throws Exception {
    reference = new ObjectMapper().readTree(FIXTURES.resolve("cases.json").toFile());
    scorer =
        ImageScorer.open(
            FIXTURES.resolve("tiny-clip"), OrtEnvironment.getEnvironment(), ExecutionProvider.CPU);
  }

  @AfterAll
  static void close() {
    scorer.close();
  }

  static List<JsonNode> cases() throws Exception {
    List<JsonNode> cases = new ArrayList<>();
    new ObjectMapper()
        .readTree(FIXTURES.resolve("cases.json").toFile())
        .path("cases")
        .forEach(cases::add);
    return cases;
  }

  static BufferedImage image(JsonNode c) throws Exception {
    return ImageIO.read(FIXTURES.resolve("images").resolve(c.path("image").asText()).toFile());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void preprocessing_resizesAndCropsPixelExactLikePillow(JsonNode c) throws Exception {
    BufferedImage image = image(c);
    ClipPreprocessor pre = scorer.preprocessor();

    assertThat(pre.resizedSize(image.getWidth(), image.getHeight()))
        .containsExactly(c.path("resized").get(0).asInt(), c.path("resized").get(1).asInt());
    assertThat(sha256(pre.cropRgb(image))).isEqualTo(c.path("crop_rgb_sha256").asText());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void preprocessing_normalisesLikeTransformers(JsonNode c) throws Exception {
    float[] pixels = scorer.preprocessor().pixels(image(c));

    int stride = c.path("pixel_values_stride").asInt();
    JsonNode sample = c.path("pixel_values_sample");
    assertThat(pixels).hasSize(3 * 224 * 224);
    for (int i = 0; i < sample.size(); i++) {
      assertThat(pixels[i * stride])
          .as("pixel %d", i * stride)
          .isCloseTo((float) sample.get(i).asDouble(), within(1e-6f));
    }
    ByteBuffer bytes = ByteBuffer.allocate(pixels.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    bytes.asFloatBuffer().put(pixels);
    assertThat(sha256(bytes.array())).isEqualTo(c.path("pixel_values_sha256").asText());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void embeddingsAndScores_matchTransformers(JsonNode c) throws Exception {
    float[] image = scorer.imageEmbedding(image(c));

    assertClose(image, c.path("image_embeds"), 1e-4);
    assertThat(scorer.aesthetic(image)).isCloseTo(c.path("aesthetic").asDouble(), within(1e-4));
    JsonNode prompts = reference.path("prompts");
    for (int j = 0; j < prompts.size(); j++) {
      float[] text = scorer.textEmbedding(prompts.get(j).path("prompt").asText());
      assertClose(text, prompts.get(j).path("text_embeds"), 1e-4);
      ImageScores scores = scorer.score(image(c), text);
      assertThat(scores.promptMatch())
          .as("prompt %d", j)
          .isCloseTo(c.path("prompts").get(j).path("clip_score").asDouble(), within(1e-3));
      assertThat(scores.aesthetic()).isCloseTo(c.path("aesthetic").asDouble(), within(1e-4));
    }
  }

  @Test
  void promptMatch_isHundredTimesThePositiveCosine() {
    assertThat(ImageScorer.promptMatch(new float[] {1, 0}, new float[] {2, 0})).isEqualTo(100);
    assertThat(ImageScorer.promptMatch(new float[] {1, 0}, new float[] {-1, 0})).isZero();
    assertThat(ImageScorer.promptMatch(new float[] {1, 1}, new float[] {1, 0}))
        .isCloseTo(100 / Math.sqrt(2), within(1e-9));
  }

  @Test
  void open_whenTheHeadIsMissing_namesTheFileAndTheDocs(@TempDir Path dir) throws Exception {
    Path tiny = FIXTURES.resolve("tiny-clip");
    for (String name :
        List.of("vocab.json", "merges.txt", "special_tokens_map.json", "tokenizer_config.json")) {
      Files.copy(tiny.resolve(name), dir.resolve(name));
    }
    Files.createDirectories(dir.resolve("onnx"));
    Files.copy(tiny.resolve("onnx/vision_model.onnx"), dir.resolve("onnx/vision_model.onnx"));
    Files.copy(tiny.resolve("onnx/text_model.onnx"), dir.resolve("onnx/text_model.onnx"));

    assertThatThrownBy(
            () -> ImageScorer.open(dir, OrtEnvironment.getEnvironment(), ExecutionProvider.CPU))
        .isInstanceOf(ScorerException.class)
        .hasMessageContaining("lacks aesthetic.onnx")
        .hasMessageContaining("docs/scores.md");
  }

  static void assertClose(float[] actual, JsonNode expected, double tolerance) {
    assertThat(actual).hasSize(expected.size());
    for (int i = 0; i < actual.length; i++) {
      assertThat((double) actual[i])
          .as("[%d]", i)
          .isCloseTo(expected.get(i).asDouble(), within(tolerance));
    }
  }

  static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }
}
