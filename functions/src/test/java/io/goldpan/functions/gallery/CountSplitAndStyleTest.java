package io.goldpan.functions.gallery;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A count above the per-job limit split into jobs, and a style's prompt taken back out. */
class CountSplitAndStyleTest {

  @Test
  void split_upToThePerJobLimit_isOneJob_andAboveIsAsFewAndAsEvenJobsAsPossible() {
    assertThat(GallerySubmit.split(1)).containsExactly(1);
    assertThat(GallerySubmit.split(16)).containsExactly(16);
    assertThat(GallerySubmit.split(17)).containsExactly(9, 8);
    assertThat(GallerySubmit.split(20)).containsExactly(10, 10);
    assertThat(GallerySubmit.split(40)).containsExactly(14, 13, 13);
  }

  @Test
  void unapply_givesBackThePromptTheStyleWasAppliedTo() {
    Style around = new Style("b:x", "x", "cctv footage of {prompt}, grainy");
    Style after = new Style("b:y", "y", "flat colours");
    Style twice = new Style("b:z", "z", "{prompt} and again {prompt}");

    assertThat(around.unapply(around.apply("a red fox"))).hasValue("a red fox");
    assertThat(after.unapply(after.apply("a red fox"))).hasValue("a red fox");
    assertThat(twice.unapply(twice.apply("a, b"))).hasValue("a, b");
    assertThat(around.unapply("a red fox")).isEmpty();
    assertThat(after.unapply("a red fox, other colours")).isEmpty();
  }
}
