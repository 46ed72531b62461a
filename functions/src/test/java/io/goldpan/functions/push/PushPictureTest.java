package io.goldpan.functions.push;

import static org.assertj.core.api.Assertions.assertThat;

import io.goldpan.contract.StorageKeys;
import io.goldpan.functions.jobs.JobImage;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A notification shows the likely gem: the best-scored picture, else the first painted. */
class PushPictureTest {
  private static final String JOB = "0b9e6f7e-4a51-4c1e-9d3a-2f7f5a1c9e10";

  @Test
  void withScores_theBestScoredPicture_aestheticFirstThenPromptMatch() {
    List<JobImage> images =
        List.of(
            image(0, 5.0, 30.0), image(1, 6.5, 20.0), image(2, 6.5, 25.0), image(3, null, null));

    assertThat(PushSender.picture(images).key().idx()).isEqualTo(2);
  }

  @Test
  void withoutScores_theFirstPainted_andNoneForNoPicture() {
    assertThat(PushSender.picture(List.of(image(0, null, null), image(1, null, null))).key().idx())
        .isZero();
    assertThat(PushSender.picture(List.of())).isNull();
  }

  private static JobImage image(int index, Double aesthetic, Double promptMatch) {
    return new JobImage(
        new JobImage.Key(JOB, index),
        100 + index,
        StorageKeys.image(JOB, index),
        StorageKeys.thumbnail(JOB, index),
        512,
        512,
        aesthetic,
        promptMatch);
  }
}
