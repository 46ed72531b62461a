package io.goldpan.runner.models;

import static org.assertj.core.api.Assertions.assertThat;

import io.goldpan.contract.Contract;
import io.goldpan.contract.JobMessage;
import io.goldpan.contract.JobParameters;
import io.goldpan.testing.MutableClock;
import java.awt.image.BufferedImage;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class IdleModelTest {
  private static final JobMessage JOB =
      new JobMessage(
          Contract.VERSION,
          "0b9e6f7e-4a51-4c1e-9d3a-2f7f5a1c9e10",
          JobParameters.textToImage("a fox", null, 1, 7, 64, 64, 1, 0, "sd", null),
          Instant.EPOCH,
          null);

  final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T00:00:00Z"));
  final AtomicInteger opened = new AtomicInteger();
  final AtomicInteger closed = new AtomicInteger();

  @Test
  void anIdleModel_handsItsSessionsBack_andTheNextJobOpensThemAgain() {
    IdleModel model = IdleModel.holding(counted(), this::counted, Duration.ofMinutes(5), clock);
    model.paint(JOB, 0, StepListener.NONE);

    clock.advance(Duration.ofMinutes(4));
    assertThat(model.releaseIfIdle()).as("not idle long enough").isFalse();
    clock.advance(Duration.ofMinutes(2));
    assertThat(model.releaseIfIdle()).isTrue();
    assertThat(closed).hasValue(1);
    assertThat(model.isOpen()).isFalse();

    BufferedImage again = model.paint(JOB, 0, StepListener.NONE);

    assertThat(again.getWidth()).isEqualTo(64);
    assertThat(opened).as("the one at start, and the reopen").hasValue(2);
    assertThat(model.name()).isEqualTo("sd");
  }

  @Test
  void withoutAnyJob_theModelOpenedAtStartIsReleasedAfterTheIdleTime() {
    IdleModel model = IdleModel.holding(counted(), this::counted, Duration.ofMinutes(5), clock);

    clock.advance(Duration.ofMinutes(6));

    assertThat(model.releaseIfIdle()).isTrue();
    assertThat(closed).hasValue(1);
  }

  @Test
  void aModelThatDoesNotFitYet_failsTheJobWithTheReason_andIsTriedAgainOnTheNext() {
    AtomicInteger tries = new AtomicInteger();
    IdleModel model =
        new IdleModel(
            "sd",
            () -> {
              if (tries.incrementAndGet() == 1) {
                throw new ModelException(
                    "model 'sd' needs about 5.1 GB of GPU memory, 3.2 GB free");
              }
              return counted();
            },
            Duration.ofMinutes(5),
            clock);

    org.assertj.core.api.Assertions.assertThatThrownBy(() -> model.paint(JOB, 0, StepListener.NONE))
        .isInstanceOf(ModelException.class)
        .hasMessageContaining("5.1 GB of GPU memory, 3.2 GB free");
    assertThat(model.paint(JOB, 0, StepListener.NONE).getWidth())
        .as("the card freed up")
        .isEqualTo(64);
  }

  private Model counted() {
    opened.incrementAndGet();
    return new Model() {
      @Override
      public String name() {
        return "sd";
      }

      @Override
      public BufferedImage paint(JobMessage job, int index, StepListener progress) {
        return new BufferedImage(
            job.parameters().width(), job.parameters().height(), BufferedImage.TYPE_INT_RGB);
      }

      @Override
      public void close() {
        closed.incrementAndGet();
      }
    };
  }
}
