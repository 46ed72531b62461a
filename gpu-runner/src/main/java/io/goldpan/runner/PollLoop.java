package io.goldpan.runner;

import io.goldpan.runner.config.RunnerConfig;
import io.goldpan.runner.internal.Backoff;
import io.goldpan.runner.queue.JobSource;
import io.goldpan.runner.queue.QueueMessage;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The runner's loop, run on its poll thread until a stop: long-polls the jobs queue for one message
 * at a time and hands it to {@link JobHandler}, isolating each message's failures and backing off
 * after failed receives. It knows the message in hand, so a stop that cannot wait can release it.
 */
final class PollLoop implements Runnable {
  private static final Logger log = LoggerFactory.getLogger(PollLoop.class);

  private final RunnerConfig config;
  private final JobSource jobs;
  private final JobHandler handler;
  private final Executor receiver;
  private final StopSignal stop;
  private final Clock clock;
  private volatile InFlight current;

  /** The long poll a stop left open, done once what it returned has been released. */
  private volatile CompletableFuture<Void> openReceive;

  /**
   * @param receiver where each long poll runs, so that the loop can stop waiting for it: a blocking
   *     socket read ignores interrupts
   */
  PollLoop(
      RunnerConfig config,
      JobSource jobs,
      JobHandler handler,
      Executor receiver,
      StopSignal stop,
      Clock clock) {
    this.config = config;
    this.jobs = jobs;
    this.handler = handler;
    this.receiver = receiver;
    this.stop = stop;
    this.clock = clock;
  }

  /** The message being handled, if any. */
  Optional<InFlight> current() {
    return Optional.ofNullable(current);
  }

  /**
   * Waits up to {@code max} for a long poll that was open when the runner stopped to return, and
   * for the message it returned to be released: the queue may hand that poll the next job, which
   * would otherwise stay hidden from every runner for a whole visibility timeout.
   *
   * @return whether no poll is left open
   */
  boolean awaitOpenReceive(Duration max) {
    CompletableFuture<Void> open = openReceive;
    if (open == null) {
      return true;
    }
    try {
      open.get(max.toNanos(), TimeUnit.NANOSECONDS);
      return true;
    } catch (TimeoutException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } catch (ExecutionException e) {
      return true; // the poll failed: it returned nothing
    }
  }

  @Override
  public void run() {
    Backoff backoff = new Backoff(config.backoffMin(), config.backoffMax());
    while (!stop.stopRequested()) {
      Optional<QueueMessage> received;
      try {
        received = receive();
        backoff.reset();
      } catch (StopRequested e) {
        break;
      } catch (RuntimeException e) {
        if (stop.stopRequested()) {
          break;
        }
        Duration pause = backoff.next();
        log.warn(
            "jobs queue unreachable (failure {} in a row), retrying in {}: {}",
            backoff.failures(),
            Durations.describe(pause),
            e.getMessage());
        if (stop.awaitStop(pause)) {
          break;
        }
        continue;
      }
      if (received.isEmpty()) {
        continue;
      }
      InFlight inFlight = new InFlight(received.get(), jobs, clock.instant());
      if (stop.stopRequested()) {
        inFlight.releaseQuietly();
        break;
      }
      current = inFlight;
      try {
        handler.handle(inFlight);
      } catch (RuntimeException e) {
        log.error(
            "messageId={} unexpected failure while handling a job message",
            inFlight.message().messageId(),
            e);
      } finally {
        current = null;
      }
    }
  }

  /**
   * One long poll, run on the receiver thread so that the loop sees a stop at once. A poll still
   * open then is left to {@link #awaitOpenReceive}; a message it returns is released as it arrives.
   */
  private Optional<QueueMessage> receive() {
    CompletableFuture<Optional<QueueMessage>> next =
        CompletableFuture.supplyAsync(
            () -> jobs.receive(config.pollWait(), config.visibilityTimeout()), receiver);
    try {
      CompletableFuture.anyOf(next, stop.stopping()).join();
    } catch (CompletionException | CancellationException e) {
      // the receive failed; next.join() below reports how
    }
    if (!next.isDone()) {
      openReceive =
          next.thenAccept(
              late -> late.ifPresent(m -> new InFlight(m, jobs, clock.instant()).releaseQuietly()));
      throw new StopRequested();
    }
    try {
      return next.join();
    } catch (CompletionException e) {
      throw e.getCause() instanceof RuntimeException cause ? cause : e;
    }
  }

  /** The runner was stopped while waiting for a message. */
  private static final class StopRequested extends RuntimeException {
    StopRequested() {
      super(null, null, false, false);
    }
  }
}
