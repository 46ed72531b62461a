package io.goldpan.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.goldpan.contract.Contract;
import io.goldpan.contract.ImageResult;
import io.goldpan.contract.JobMessage;
import io.goldpan.contract.JobParameters;
import io.goldpan.contract.RunnerEvent;
import io.goldpan.contract.StorageKeys;
import io.goldpan.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class JobProgressTest {
  private static final String JOB_ID = "0b9e6f7e-4a51-4c1e-9d3a-2f7f5a1c9e10";

  private final List<RunnerEvent> sent = new ArrayList<>();
  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T10:00:00Z"));
  private final JobProgress progress =
      new JobProgress(
          new JobMessage(
              Contract.VERSION,
              JOB_ID,
              JobParameters.textToImage("a gnome", null, 3, 42, 256, 256, 10, 7.5, "demo", null),
              null,
              null),
          "r",
          sent::add,
          clock);

  private static ImageResult image(int index) {
    return new ImageResult(
        index,
        42 + index,
        StorageKeys.image(JOB_ID, index),
        StorageKeys.thumbnail(JOB_ID, index),
        256,
        256);
  }

  @Test
  void anImageStoredWhileTheNextOneIsPainted_isSentAtOnce_withTheStepsAlreadyCounted() {
    progress.forImage(0).onStep(10, 10);
    clock.advance(Duration.ofSeconds(1));
    progress.forImage(1).onStep(4, 10); // image 1 paints while image 0 is still uploading
    progress.imageDone(image(0));

    assertThat(sent)
        .extracting(RunnerEvent::step, e -> e.images() == null ? List.of() : e.images())
        .containsExactly(tuple(10, List.of()), tuple(14, List.of()), tuple(14, List.of(image(0))));
  }

  @Test
  void everyLaterEvent_listsAllImagesStoredSoFar_andTheLastImageIsLeftToTheSucceededEvent() {
    progress.forImage(0).onStep(10, 10);
    progress.imageDone(image(0));
    clock.advance(Duration.ofSeconds(1));
    progress.forImage(1).onStep(5, 10);
    progress.imageDone(image(1));
    clock.advance(Duration.ofSeconds(1));
    progress.forImage(2).onStep(3, 10);
    progress.resend();
    progress.forImage(2).onStep(10, 10);
    progress.imageDone(image(2));

    assertThat(sent)
        .extracting(RunnerEvent::step, RunnerEvent::totalSteps, e -> indexes(e))
        .containsExactly(
            tuple(10, 30, List.of()),
            tuple(10, 30, List.of(0)),
            tuple(15, 30, List.of(0)),
            tuple(20, 30, List.of(0, 1)),
            tuple(23, 30, List.of(0, 1)),
            tuple(23, 30, List.of(0, 1)));
  }

  private static List<Integer> indexes(RunnerEvent event) {
    return event.images() == null
        ? List.of()
        : event.images().stream().map(ImageResult::index).toList();
  }
}
