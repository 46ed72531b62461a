package io.goldpan.runner;

import io.goldpan.runner.config.RunnerConfig;
import io.goldpan.runner.internal.Backoff;
import io.goldpan.runner.queue.JobSource;
import io.goldpan.runner.queue.QueueMessage;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The runner's loop, run on its poll thread until a stop: long-polls the jobs queue for one message
 * at a time and hands it to {@link JobHandler}, isolating each message's failures and backing off
 * after failed receives. It knows the messages it holds, so a stop that cannot wait can release
 * them.
 *
 * <p>With lookahead (the default) the GPU never waits for the plumbing: while a job paints, the
 * next message is received (at most one ahead, kept hidden like the job in hand, its cancel marker
 * looked for), and once a job's last image is painted, what is left of it (storing that image, the
 * last look for a cancel marker, the terminal event, the delete) runs on the finisher thread while
 * the next job paints. At most one job finishes at a time; painting stays on this thread, one job
 * at a time.
 */
final class PollLoop implements Runnable {
  private static final Logger log = LoggerFactory.getLogger(PollLoop.class);

  private final RunnerConfig config;
  private final JobSource jobs;
  private final JobHandler handler;
  private final Executor receiver;
  private final Executor finisher;
  private final Timers timers;
  private final StopSignal stop;
  private final Clock clock;
  private volatile InFlight current;
  private volatile InFlight finishing;

  /** The long poll a stop left open, done once what it returned has been released. */
  private volatile CompletableFuture<Void> openReceive;

  /**
   * @param receiver where each long poll runs, so that the loop can stop waiting for it: a blocking
   *     socket read ignores interrupts
   * @param finisher where a painted job's last steps run while the next job paints; null for no
   *     lookahead: each job is finished before the next message is received, as one sequence
   * @param timers keep each message hidden from its receipt until it is settled
   */
  PollLoop(
      RunnerConfig config,
      JobSource jobs,
      JobHandler handler,
      Executor receiver,
      Executor finisher,
      Timers timers,
      StopSignal stop,
      Clock clock) {
    this.config = config;
    this.jobs = jobs;
    this.handler = handler;
    this.receiver = receiver;
    this.finisher = finisher;
    this.timers = timers;
    this.stop = stop;
    this.clock = clock;
  }

  /**
   * The messages this loop holds and has not settled: the job being painted and the one finishing.
   */
  List<InFlight> held() {
    List<InFlight> held = new ArrayList<>(2);
    for (InFlight job : new InFlight[] {current, finishing}) {
      if (job != null && !job.isSettled()) {
        held.add(job);
      }
    }
    return held;
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
    CompletableFuture<Optional<InFlight>> ahead = null;
    CompletableFuture<Void> finished = CompletableFuture.completedFuture(null);
    try {
      while (!stop.stopRequested()) {
        Optional<InFlight> received;
        try {
          CompletableFuture<Optional<InFlight>> next = ahead != null ? ahead : startReceive(false);
          ahead = null;
          received = await(next);
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
        InFlight inFlight = received.get();
        if (stop.stopRequested()) {
          inFlight.releaseQuietly();
          break;
        }
        current = inFlight;
        if (finisher != null) {
          ahead = startReceive(true);
        }
        Runnable rest = JobHandler.NOTHING_LEFT;
        try {
          rest = handler.handle(inFlight);
        } catch (RuntimeException e) {
          log.error(
              "messageId={} unexpected failure while handling a job message",
              inFlight.message().messageId(),
              e);
          inFlight.stopHeartbeat();
        }
        if (finisher == null || rest == JobHandler.NOTHING_LEFT) {
          runQuietly(inFlight, rest);
          current = null;
          continue;
        }
        // at most one job finishes at a time: this one waits for the one before, if it is slow
        awaitQuietly(finished);
        finishing = inFlight;
        current = null;
        Runnable last = rest;
        try {
          finished = CompletableFuture.runAsync(() -> runQuietly(inFlight, last), finisher);
        } catch (RejectedExecutionException e) {
          // a stop past its grace shut the finisher down; its message goes back to the queue
          inFlight.releaseQuietly();
          finishing = null;
        }
      }
    } finally {
      if (ahead != null) {
        leave(ahead);
      }
      awaitQuietly(finished);
    }
  }

  private static void runQuietly(InFlight inFlight, Runnable rest) {
    try {
      rest.run();
    } catch (RuntimeException e) {
      log.error(
          "messageId={} unexpected failure while finishing a job",
          inFlight.message().messageId(),
          e);
      inFlight.stopHeartbeat();
    }
  }

  /** Waits for a job's last steps; an interrupt (a stop out of patience) ends the wait. */
  private static void awaitQuietly(CompletableFuture<Void> finished) {
    try {
      finished.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException e) {
      // runQuietly logged it
    }
  }

  /**
   * Starts one long poll on the receiver thread; the message it returns is kept hidden from its
   * receipt on.
   *
   * @param ahead whether the message waits for the job in hand: its cancel marker is looked for
   *     meanwhile, so that the look does not hold up its painting
   */
  private CompletableFuture<Optional<InFlight>> startReceive(boolean ahead) {
    return CompletableFuture.supplyAsync(
        () -> {
          Optional<QueueMessage> message =
              jobs.receive(config.pollWait(), config.visibilityTimeout());
          if (message.isEmpty()) {
            return Optional.empty();
          }
          InFlight inFlight = new InFlight(message.get(), jobs, clock.instant());
          if (stop.stopRequested()) {
            return Optional.of(inFlight); // released at once, by the loop or as a late one
          }
          try {
            timers.keepHidden(inFlight);
          } catch (RejectedExecutionException e) {
            return Optional.of(inFlight); // the runner stopped meanwhile: released as above
          }
          if (ahead) {
            handler.lookAhead(inFlight);
          }
          return Optional.of(inFlight);
        },
        receiver);
  }

  /**
   * Waits for a long poll, seeing a stop at once. A poll still open then is left to {@link
   * #awaitOpenReceive}; a message it returns is released as it arrives.
   */
  private Optional<InFlight> await(CompletableFuture<Optional<InFlight>> next) {
    try {
      CompletableFuture.anyOf(next, stop.stopping()).join();
    } catch (CompletionException | CancellationException e) {
      // the receive failed; next.join() below reports how
    }
    if (!next.isDone()) {
      leave(next);
      throw new StopRequested();
    }
    try {
      return next.join();
    } catch (CompletionException e) {
      throw e.getCause() instanceof RuntimeException cause ? cause : e;
    }
  }

  /** Leaves a poll to end on its own: a message it returns, or has returned, is released. */
  private void leave(CompletableFuture<Optional<InFlight>> poll) {
    openReceive = poll.thenAccept(late -> late.ifPresent(PollLoop::releaseUninterrupted));
  }

  /**
   * Releases a message even on a thread a stop interrupted (a poll that has returned is left on the
   * poll thread): the SDK fails every call on an interrupted thread before it leaves.
   */
  private static void releaseUninterrupted(InFlight inFlight) {
    boolean interrupted = Thread.interrupted();
    try {
      inFlight.releaseQuietly();
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** The runner was stopped while waiting for a message. */
  private static final class StopRequested extends RuntimeException {
    StopRequested() {
      super(null, null, false, false);
    }
  }
}
