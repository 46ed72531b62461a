package io.goldpan.functions.gallery;

import static org.assertj.core.api.Assertions.assertThat;

import io.goldpan.contract.StorageKeys;
import io.goldpan.functions.jobs.JobImage;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KeptZipTest {
  private static final String A = "00000000-0000-0000-0000-00000000000a";
  private static final String B = "00000000-0000-0000-0000-00000000000b";
  private static final String C = "00000000-0000-0000-0000-00000000000c";

  @Test
  void entryNames_areStyleSeedAndNumber_sanitized_andUnique() {
    List<JobImage> images =
        List.of(image(A, 2, 1234), image(B, 0, 7), image(B, 0, 7), image(C, 9, 42), image(A, 3, 5));
    Map<String, String> styles =
        Map.of(A, "Ukiyo-e", B, "../../etc/passwd \"x\"", C, "Café noir — 東京 / night");

    assertThat(KeptZip.entryNames(images, styles))
        .containsExactly(
            "ukiyo-e_seed-1234_03.png",
            "etc-passwd-x_seed-7_01.png",
            "etc-passwd-x_seed-7_01-2.png",
            "cafe-noir-night_seed-42_10.png",
            "ukiyo-e_seed-5_04.png");
  }

  @Test
  void entryNames_withoutAStyleOrWithOnlySymbols_sayImage_andStayShort() {
    List<JobImage> images = List.of(image(A, 0, 1), image(B, 0, 1), image(C, 0, 1));
    Map<String, String> styles = Map.of(B, "/// ***", C, "x".repeat(200));

    assertThat(KeptZip.entryNames(images, styles))
        .containsExactly(
            "image_seed-1_01.png", "image_seed-1_01-2.png", "x".repeat(40) + "_seed-1_01.png");
  }

  private static JobImage image(String job, int index, long seed) {
    return new JobImage(
        new JobImage.Key(job, index),
        seed,
        StorageKeys.image(job, index),
        StorageKeys.thumbnail(job, index),
        512,
        512,
        null,
        null);
  }
}
