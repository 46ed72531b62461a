package io.goldpan.runner.models.sd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TorchGeneratorTest {

  static Stream<Arguments> cases() {
    List<Arguments> out = new ArrayList<>();
    for (JsonNode c : Fixtures.json("rng/randn.json").get("cases")) {
      List<String> shapes = new ArrayList<>();
      c.get("draws").forEach(d -> shapes.add(Arrays.toString(Fixtures.longs(d.get("shape")))));
      out.add(Arguments.of("seed " + c.get("seed").asText() + " draws " + shapes, c));
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void randn_matchesTorchBitForBit(String name, JsonNode c) {
    TorchGenerator generator = new TorchGenerator(c.get("seed").asLong());

    for (JsonNode draw : c.get("draws")) {
      float[] actual = generator.randn(Fixtures.longs(draw.get("shape")));

      if (draw.has("values")) {
        assertThat(actual).containsExactly(Fixtures.floats(draw.get("values")));
      } else {
        float[] head = Fixtures.floats(draw.get("head"));
        float[] tail = Fixtures.floats(draw.get("tail"));
        assertThat(Arrays.copyOfRange(actual, 0, head.length)).containsExactly(head);
        assertThat(Arrays.copyOfRange(actual, actual.length - tail.length, actual.length))
            .containsExactly(tail);
        assertThat(Fixtures.sha256(actual)).isEqualTo(draw.get("sha256").asText());
      }
    }
  }

  @Test
  void randn_whenSeedsDifferOnlyAbove32Bits_givesTheSameStream() {
    // torch seeds its mt19937 with the low 32 bits only.
    assertThat(new TorchGenerator((1L << 32) + 5).randn(1, 4, 8, 8))
        .containsExactly(new TorchGenerator(5).randn(1, 4, 8, 8));
  }

  @Test
  void randn_whenShapeHasNegativeDimension_throws() {
    assertThatThrownBy(() -> new TorchGenerator(0).randn(1, -4))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("negative dimension");
  }
}
