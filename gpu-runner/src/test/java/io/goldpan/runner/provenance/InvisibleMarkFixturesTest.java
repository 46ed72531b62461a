package io.goldpan.runner.provenance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Goldpan's mark against the {@code invisible-watermark} package itself: files the package marked
 * and what its decoder read from every file, recorded by {@code
 * fixtures/make_watermark_fixtures.py}.
 *
 * <p>With {@code -Dgoldpan.watermark.write=true} the test (re)writes the Java-marked files {@code
 * java-*.png} for the script to decode.
 */
class InvisibleMarkFixturesTest {
  private static final Path WRITE_TO = Path.of("src/test/resources/watermark");
  private static final JsonNode EXPECTED = load();

  private static JsonNode load() {
    try (InputStream in = resource("expected.json")) {
      return new ObjectMapper().readTree(in);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read watermark/expected.json", e);
    }
  }

  private static InputStream resource(String name) {
    InputStream in = InvisibleMarkFixturesTest.class.getResourceAsStream("/watermark/" + name);
    if (in == null) {
      throw new IllegalStateException("no fixture watermark/" + name);
    }
    return in;
  }

  private static BufferedImage image(String name) throws IOException {
    try (InputStream in = resource(name)) {
      return ImageIO.read(in);
    }
  }

  private static boolean[] bits(JsonNode array) {
    boolean[] bits = new boolean[array.size()];
    for (int i = 0; i < bits.length; i++) {
      bits[i] = array.get(i).asInt() == 1;
    }
    return bits;
  }

  static Stream<String> everyFixture() {
    List<String> names = new ArrayList<>();
    EXPECTED.get("readings").fieldNames().forEachRemaining(names::add);
    return names.stream();
  }

  static Stream<String> sources() {
    return everyFixture().filter(name -> name.startsWith("source-"));
  }

  @Test
  void goldpansMessage_isTheBitsThePackageMakesOfTheBytes() {
    assertThat(InvisibleMark.bits(InvisibleMark.MESSAGE)).isEqualTo(bits(EXPECTED.get("goldpan")));
  }

  @ParameterizedTest
  @MethodSource("everyFixture")
  void decode_readsBitForBitWhatThePackagesDecoderRead(String name) throws IOException {
    boolean[] packageRead = bits(EXPECTED.get("readings").get(name));

    assertThat(InvisibleMark.decode(image(name), packageRead.length)).isEqualTo(packageRead);
  }

  @Test
  void filesThePackageMarkedWithGoldpansMessage_carryTheMark_andTheSourcesDoNot()
      throws IOException {
    for (String name : List.of("package-square.png", "package-odd.png")) {
      assertThat(InvisibleMark.read(image(name)).present()).as(name).isTrue();
    }
    for (String name : List.of("source-square.png", "source-odd.png", "stability-square.png")) {
      assertThat(InvisibleMark.read(image(name)).present()).as(name).isFalse();
    }
  }

  @ParameterizedTest
  @MethodSource("sources")
  void javaMarkedFiles_areWhatTheEncoderWrites_andThePackageReadsGoldpansMessage(String source)
      throws IOException {
    String name = source.replace("source-", "java-");
    BufferedImage marked = InvisibleMark.embed(image(source));
    if (Boolean.getBoolean("goldpan.watermark.write")) {
      ImageIO.write(marked, "png", WRITE_TO.resolve(name).toFile());
    }

    assertThat(Files.exists(WRITE_TO.resolve(name)))
        .as("%s exists; write it with -Dgoldpan.watermark.write=true", name)
        .isTrue();
    // From the source tree: a file just written is not on the class path yet.
    assertThat(pixels(ImageIO.read(WRITE_TO.resolve(name).toFile())))
        .as(name)
        .isEqualTo(pixels(marked));
    JsonNode packageRead = EXPECTED.get("readings").get(name);
    assertThat(packageRead).as("the package's reading of %s; rerun the script", name).isNotNull();
    assertThat(bits(packageRead)).isEqualTo(InvisibleMark.bits(InvisibleMark.MESSAGE));
    assertThat(Psnr.of(image(source), marked)).isGreaterThan(40);
  }

  static int[] pixels(BufferedImage image) {
    return image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
  }
}
