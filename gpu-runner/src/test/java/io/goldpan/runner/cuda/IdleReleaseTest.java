package io.goldpan.runner.cuda;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnxruntime.OrtEnvironment;
import io.goldpan.contract.JobMessage;
import io.goldpan.contract.JobParameters;
import io.goldpan.runner.models.ExecutionProvider;
import io.goldpan.runner.models.StepListener;
import io.goldpan.runner.models.demo.DemoModel;
import java.awt.image.BufferedImage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class IdleReleaseTest {
  /** A clock a test moves by hand. */
  private static final class ManualClock extends Clock {
    private Instant now = Instant.parse("2026-12-01T10:00:00Z");

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }

  private final ManualClock clock = new ManualClock();
  private final AtomicInteger opened = new AtomicInteger();
  private final AtomicInteger closed = new AtomicInteger();

  private IdleRelease<AutoCloseable> holder(Duration idle) {
    return new IdleRelease<>(
        "model test",
        () -> {
          opened.incrementAndGet();
          return closed::incrementAndGet;
        },
        idle,
        clock);
  }

  @Test
  void releaseIfIdle_beforeTheIdleTime_keepsTheResource() {
    IdleRelease<AutoCloseable> holder = holder(Duration.ofMinutes(5));
    holder.use(r -> r);
    clock.advance(Duration.ofMinutes(4).plusSeconds(59));

    assertThat(holder.releaseIfIdle()).isFalse();
    assertThat(holder.isOpen()).isTrue();
    assertThat(closed).hasValue(0);
  }

  @Test
  void releaseIfIdle_afterTheIdleTime_closesIt_andTheNextUseReopensIt() {
    IdleRelease<AutoCloseable> holder = holder(Duration.ofMinutes(5));
    holder.use(r -> r);
    clock.advance(Duration.ofMinutes(5));

    assertThat(holder.releaseIfIdle()).isTrue();
    assertThat(holder.isOpen()).isFalse();
    assertThat(closed).hasValue(1);

    holder.use(r -> r);
    assertThat(opened).hasValue(2);
    assertThat(holder.isOpen()).isTrue();
  }

  @Test
  void releaseIfIdle_countsFromTheLastUse() {
    IdleRelease<AutoCloseable> holder = holder(Duration.ofMinutes(5));
    holder.use(r -> r);
    clock.advance(Duration.ofMinutes(4));
    holder.use(r -> r);
    clock.advance(Duration.ofMinutes(4));

    assertThat(holder.releaseIfIdle()).isFalse();
    assertThat(opened).hasValue(1);
  }

  @Test
  void zeroIdleTime_neverReleases() {
    IdleRelease<AutoCloseable> holder = holder(Duration.ZERO);
    holder.use(r -> r);
    clock.advance(Duration.ofDays(1));

    assertThat(holder.releaseIfIdle()).isFalse();
  }

  @Test
  void close_freesTheResourceOnce() {
    IdleRelease<AutoCloseable> holder = holder(Duration.ofMinutes(5));
    holder.use(r -> r);

    holder.close();
    holder.close();

    assertThat(closed).hasValue(1);
  }

  @Test
  void aReleasedDemoModel_paintsTheSamePicturesAfterReopening() {
    IdleRelease<DemoModel> model =
        new IdleRelease<>(
            "model demo",
            () -> DemoModel.open(OrtEnvironment.getEnvironment(), ExecutionProvider.CPU),
            Duration.ofMinutes(5),
            clock);
    JobMessage job =
        new JobMessage(
            1,
            "job-1",
            JobParameters.textToImage("a lighthouse", null, 1, 42, 16, 16, 1, 0, "demo", null),
            null,
            null);
    try (model) {
      BufferedImage before = model.use(m -> m.paint(job, 0, StepListener.NONE));
      clock.advance(Duration.ofMinutes(6));
      assertThat(model.releaseIfIdle()).isTrue();

      BufferedImage after = model.use(m -> m.paint(job, 0, StepListener.NONE));

      assertThat(after.getRGB(0, 0, 16, 16, null, 0, 16))
          .containsExactly(before.getRGB(0, 0, 16, 16, null, 0, 16));
    }
  }
}
