package io.goldpan.functions.gallery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
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
  void choices_areTheInnermostBracesHoldingABar_likeThePatternAppJsUses() {
    assertThat(Variants.expand("{a{b|c}")).containsExactly("{ab", "{ac");
    assertThat(Variants.expand("{a}|b} x")).containsExactly("{a}|b} x");
    assertThat(Variants.expand("x {a|b")).containsExactly("x {a|b");
    assertThat(Variants.expand("{ a | b }{|c}")).containsExactly("a", "ac", "b", "bc");
    assertThat(Variants.count("}{a|b}{{c|d|e}}")).isEqualTo(6);
  }

  @Test
  void hostileTemplates_areCountedAndExpandedInLinearTime() {
    String unclosed = "{" + "|".repeat(20_000);
    String manyOpen = "{a|".repeat(10_000);
    String manyChoices = "{a|b}".repeat(4_000);

    assertTimeoutPreemptively(
        Duration.ofSeconds(3),
        () -> {
          assertThat(Variants.count(unclosed)).isEqualTo(1);
          assertThat(Variants.expand(unclosed)).containsExactly(unclosed);
          assertThat(Variants.count(manyOpen)).isEqualTo(1);
          assertThat(Variants.expand(manyOpen)).containsExactly(manyOpen);
          assertThat(Variants.count(manyChoices)).isEqualTo(Long.MAX_VALUE);
        });
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
