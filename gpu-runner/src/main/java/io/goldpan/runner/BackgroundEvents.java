package io.goldpan.runner;

import io.goldpan.contract.EventType;
import io.goldpan.contract.RunnerEvent;
import io.goldpan.runner.internal.NamedThreads;
import io.goldpan.runner.queue.EventSink;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a job's informational events ({@code started}, {@code progress}) on one background thread,
 * so painting never waits for the events queue. Events leave in the order they were given; a
 * progress event still waiting replaces the older one of the same job, so a slow queue is sent the
 * latest figure instead of a backlog. A failed send is logged and dropped: the terminal event that
 * follows carries what matters, and the database ignores events that arrive out of order.
 */
final class BackgroundEvents implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(BackgroundEvents.class);

  private final EventSink sink;
  private final Thread sender;
  private final List<RunnerEvent> waiting = new ArrayList<>();
  private boolean sending;
  private boolean closed;

  BackgroundEvents(EventSink sink) {
    this.sink = sink;
    this.sender = NamedThreads.daemon("goldpan-events").newThread(this::sendUntilClosed);
    sender.start();
  }

  /** Queues {@code event} and returns at once. */
  void send(RunnerEvent event) {
    synchronized (this) {
      if (closed) {
        return;
      }
      if (event.type() == EventType.PROGRESS) {
        for (int i = 0; i < waiting.size(); i++) {
          RunnerEvent queued = waiting.get(i);
          if (queued.type() == EventType.PROGRESS && queued.jobId().equals(event.jobId())) {
            waiting.set(i, event);
            return;
          }
        }
      }
      waiting.add(event);
      notifyAll();
    }
  }

  /**
   * Waits until every event given so far has been sent (or has failed), for at most {@code max}:
   * called before a terminal event, so that in the usual case it is the job's last.
   *
   * @return whether everything was sent in time
   */
  boolean flush(Duration max) {
    long deadline = System.nanoTime() + max.toNanos();
    synchronized (this) {
      while (!waiting.isEmpty() || sending) {
        long left = deadline - System.nanoTime();
        if (left <= 0 || closed) {
          return false;
        }
        try {
          wait(Math.max(1, left / 1_000_000));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return false;
        }
      }
      return true;
    }
  }

  private void sendUntilClosed() {
    while (true) {
      RunnerEvent next;
      synchronized (this) {
        while (waiting.isEmpty() && !closed) {
          try {
            wait();
          } catch (InterruptedException e) {
            return;
          }
        }
        if (closed) {
          return;
        }
        next = waiting.remove(0);
        sending = true;
      }
      try {
        sink.send(next);
      } catch (RuntimeException e) {
        log.warn(
            "jobId={} cannot send its {} event: {}", next.jobId(), next.type(), e.getMessage());
      } finally {
        synchronized (this) {
          sending = false;
          notifyAll();
        }
      }
    }
  }

  /** Stops the sender; events still waiting are dropped (they are informational). */
  @Override
  public void close() {
    synchronized (this) {
      closed = true;
      waiting.clear();
      notifyAll();
    }
    sender.interrupt();
  }
}
