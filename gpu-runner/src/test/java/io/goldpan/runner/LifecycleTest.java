package io.goldpan.runner;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class LifecycleTest {
  private final Lifecycle lifecycle = new Lifecycle();

  @Test
  void eachTransition_happensOnce_inOrder() {
    assertThat(lifecycle.state()).isEqualTo(RunnerState.NEW);
    assertThat(lifecycle.start()).isTrue();
    assertThat(lifecycle.start()).isFalse();
    assertThat(lifecycle.state()).isEqualTo(RunnerState.RUNNING);

    assertThat(lifecycle.beginStop()).isTrue();
    assertThat(lifecycle.beginStop()).isFalse();
    assertThat(lifecycle.state()).isEqualTo(RunnerState.STOPPING);
    assertThat(lifecycle.close()).as("not before the stop is done").isFalse();

    lifecycle.stopped();
    assertThat(lifecycle.state()).isEqualTo(RunnerState.STOPPED);
    assertThat(lifecycle.close()).isTrue();
    assertThat(lifecycle.close()).isFalse();
    assertThat(lifecycle.state()).isEqualTo(RunnerState.CLOSED);
  }

  @Test
  void stopBeforeStart_skipsRunning_andTheRunnerNeverStarts() {
    assertThat(lifecycle.beginStop()).isTrue();
    lifecycle.stopped();

    assertThat(lifecycle.start()).isFalse();
    assertThat(lifecycle.state()).isEqualTo(RunnerState.STOPPED);
  }

  @Test
  void stopSignal_wakesAWaiter_andStaysRaised() {
    assertThat(lifecycle.stopRequested()).isFalse();
    assertThat(lifecycle.awaitStop(Duration.ofMillis(1))).isFalse();
    assertThat(lifecycle.stopping()).isNotDone();

    lifecycle.beginStop();

    assertThat(lifecycle.stopRequested()).isTrue();
    assertThat(lifecycle.awaitStop(Duration.ofDays(1))).isTrue();
    assertThat(lifecycle.stopping()).isDone();
  }

  @Test
  void awaitStopped_waitsForTheStopToFinish() {
    lifecycle.start();
    lifecycle.beginStop();
    assertThat(lifecycle.awaitStopped(Duration.ofMillis(1))).isFalse();

    lifecycle.stopped();

    assertThat(lifecycle.awaitStopped(Duration.ofDays(1))).isTrue();
  }
}
