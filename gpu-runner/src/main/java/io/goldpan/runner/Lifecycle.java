package io.goldpan.runner;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A runner's {@link RunnerState}, moved only by compare-and-set so that each transition happens
 * once whoever asks for it and however often; also the {@link StopSignal} its parts listen to.
 */
final class Lifecycle implements StopSignal {
  private final AtomicReference<RunnerState> state = new AtomicReference<>(RunnerState.NEW);
  private final CompletableFuture<Void> stopRequested = new CompletableFuture<>();
  private final CountDownLatch stopped = new CountDownLatch(1);

  RunnerState state() {
    return state.get();
  }

  /** {@code NEW → RUNNING}; whether this call started the runner. */
  boolean start() {
    return state.compareAndSet(RunnerState.NEW, RunnerState.RUNNING);
  }

  /**
   * {@code NEW} or {@code RUNNING → STOPPING}, and signals the stop; whether this call began it
   * (every later call, and a call on a stopped runner, does nothing).
   */
  boolean beginStop() {
    while (true) {
      RunnerState now = state.get();
      if (now != RunnerState.NEW && now != RunnerState.RUNNING) {
        return false;
      }
      if (state.compareAndSet(now, RunnerState.STOPPING)) {
        stopRequested.complete(null);
        return true;
      }
    }
  }

  /** {@code STOPPING → STOPPED}: the stop that {@link #beginStop} began is done. */
  void stopped() {
    state.compareAndSet(RunnerState.STOPPING, RunnerState.STOPPED);
    stopped.countDown();
  }

  /** Waits up to {@code max} for a stop begun elsewhere to finish; whether it did. */
  boolean awaitStopped(Duration max) {
    try {
      return stopped.await(max.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** {@code STOPPED → CLOSED}; whether this call closed the runner. */
  boolean close() {
    return state.compareAndSet(RunnerState.STOPPED, RunnerState.CLOSED);
  }

  @Override
  public boolean stopRequested() {
    return stopRequested.isDone();
  }

  @Override
  public boolean awaitStop(Duration max) {
    try {
      stopRequested.get(max.toNanos(), TimeUnit.NANOSECONDS);
      return true;
    } catch (TimeoutException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return true;
    } catch (ExecutionException e) {
      return true;
    }
  }

  @Override
  public CompletableFuture<Void> stopping() {
    return stopRequested.copy(); // a copy: no listener can complete the signal itself
  }
}
