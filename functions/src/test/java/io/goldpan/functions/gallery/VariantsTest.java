package io.goldpan.functions.gallery;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class VariantsTest {

  @Test
  void expand_everyCombination_firstChoiceSlowest() {
    assertThat(Variants.expand("a {red|blue} fox in {snow|rain}"))
        .containsExactly(
            "a red fox in snow", "a red fox in rain", "a blue fox in snow", "a blue fox in rain");
    assertThat(Variants.count("a {red|blue} fox in {snow|rain}")).isEqualTo(4);
  }

  @Test
  void expand_leavesBracesWithoutChoicesAlone() {
    assertThat(Variants.expand("{prompt} and {x}")).containsExactly("{prompt} and {x}");
    assertThat(Variants.count("{prompt}")).isEqualTo(1);
  }

  @Test
  void count_saturatesInsteadOfOverflowing() {
    assertThat(Variants.count("{a|b|c|d|e|f|g|h|i|j}".repeat(30))).isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void style_appliesTemplate_orAppendsWhenNoPlaceholder() {
    assertThat(new Style("b:x", "x", "cctv footage of {prompt}").apply("a gnome"))
        .isEqualTo("cctv footage of a gnome");
    assertThat(new Style("p:1", "y", "oil on canvas").apply("a gnome"))
        .isEqualTo("a gnome, oil on canvas");
  }
}
