package io.goldpan.functions.events.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiPredicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * One daemon thread that long-polls a queue and hands each message to a handler. Messages are
 * deleted only when the handler says they are done; the rest come back after their visibility
 * timeout. Receive errors back off from 1 s up to 30 s. Shared by the server-mode pollers.
 */
public final class QueuePoller {
  private static final Logger LOG = LoggerFactory.getLogger(QueuePoller.class);
  private static final int WAIT_SECONDS = 20;
  private static final int MAX_MESSAGES = 10;
  private static final Duration MIN_BACKOFF = Duration.ofSeconds(1);
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
  private static final Duration STOP_WAIT = Duration.ofSeconds(5);

  private final String name;
  private final SqsClient sqs;
  private final Supplier<String> queueUrl;
  private final BiPredicate<String, String> handler;
  private final AtomicBoolean running = new AtomicBoolean();
  private volatile Thread thread;

  /** True while the thread waits in a long poll, which an interrupt cannot cut short. */
  private volatile boolean receiving;

  /**
   * @param name what is polled, for the thread name and the logs, e.g. {@code events}
   * @param queueUrl resolved on each receive, so a queue that is missing at start-up is found later
   * @param handler gets the message id and body; returns whether the message is done (delete it)
   */
  public QueuePoller(
      String name, SqsClient sqs, Supplier<String> queueUrl, BiPredicate<String, String> handler) {
    this.name = name;
    this.sqs = sqs;
    this.queueUrl = queueUrl;
    this.handler = handler;
  }

  /** Starts the polling thread; does nothing when it already runs. */
  public synchronized void start() {
    if (running.compareAndSet(false, true)) {
      Thread t = new Thread(this::runUntilStopped, "goldpan-" + name + "-poller");
      t.setDaemon(true);
      thread = t;
      t.start();
      LOG.info("{} poller started", name);
    }
  }

  /** Stops polling and waits a bounded time for the thread; safe to call more than once. */
  public void stop() {
    if (!running.compareAndSet(true, false)) {
      return;
    }
    Thread t = thread;
    if (t == null) {
      return;
    }
    t.interrupt();
    if (receiving) {
      // The SDK's socket read ignores interrupts; whatever that poll brings back is left
      // undeleted and reappears after its visibility timeout, so there is nothing to wait for.
      LOG.info("{} poller stopped", name);
      return;
    }
    try {
      t.join(STOP_WAIT.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (t.isAlive()) {
      LOG.warn("{} poller did not stop within {}", name, STOP_WAIT);
    } else {
      LOG.info("{} poller stopped", name);
    }
  }

  public boolean isRunning() {
    return running.get();
  }

  private void runUntilStopped() {
    Duration backoff = MIN_BACKOFF;
    while (running.get()) {
      List<Message> received;
      String url;
      try {
        receiving = true;
        url = queueUrl.get();
        received =
            sqs.receiveMessage(
                    r ->
                        r.queueUrl(url)
                            .waitTimeSeconds(WAIT_SECONDS)
                            .maxNumberOfMessages(MAX_MESSAGES))
                .messages();
        backoff = MIN_BACKOFF;
      } catch (RuntimeException e) {
        receiving = false;
        if (!running.get()) {
          break;
        }
        LOG.warn(
            "receiving from the {} queue failed, retrying in {}: {}", name, backoff, e.toString());
        if (!pause(backoff)) {
          break;
        }
        Duration doubled = backoff.multipliedBy(2);
        backoff = doubled.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : doubled;
        continue;
      }
      receiving = false;
      if (!running.get()) {
        break; // stopped during the poll: leave what came back for redelivery
      }
      handle(url, received);
    }
  }

  private void handle(String url, List<Message> received) {
    List<DeleteMessageBatchRequestEntry> done = new ArrayList<>();
    for (Message message : received) {
      boolean finished;
      try {
        finished = handler.test(message.messageId(), message.body());
      } catch (RuntimeException e) {
        LOG.warn(
            "{} message not handled, left for redelivery: messageId={}",
            name,
            message.messageId(),
            e);
        finished = false;
      }
      if (finished) {
        done.add(
            DeleteMessageBatchRequestEntry.builder()
                .id(Integer.toString(done.size()))
                .receiptHandle(message.receiptHandle())
                .build());
      }
    }
    if (done.isEmpty()) {
      return;
    }
    try {
      DeleteMessageBatchResponse response =
          sqs.deleteMessageBatch(r -> r.queueUrl(url).entries(done));
      if (response.hasFailed() && !response.failed().isEmpty()) {
        LOG.warn(
            "{} handled {} messages were not deleted and will be handled again (harmless)",
            response.failed().size(),
            name);
      }
    } catch (RuntimeException e) {
      LOG.warn(
          "deleting handled {} messages failed; they will be handled again (harmless): {}",
          name,
          e.toString());
    }
  }

  /** Sleeps for a back-off; {@code false} when interrupted (the interrupt is restored). */
  private boolean pause(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
