package io.goldpan.functions.events;

import io.goldpan.functions.aws.QueueUrls;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.env.Environment;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * In server mode, one daemon thread long-polls the events queue and applies what it receives.
 * Messages are deleted only when applied or unreadable; the rest come back after their visibility
 * timeout. Receive errors back off from 1 s up to 30 s.
 */
@Singleton
@Requires(property = "goldpan.events.poller.enabled", notEquals = "false")
@Requires(notEnv = Environment.FUNCTION)
public class EventsPoller {
  private static final Logger LOG = LoggerFactory.getLogger(EventsPoller.class);
  private static final int WAIT_SECONDS = 20;
  private static final int MAX_MESSAGES = 10;
  private static final Duration MIN_BACKOFF = Duration.ofSeconds(1);
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
  private static final Duration STOP_WAIT = Duration.ofSeconds(5);

  private final SqsClient sqs;
  private final QueueUrls queues;
  private final EventMessages messages;
  private final AtomicBoolean running = new AtomicBoolean();
  private volatile Thread thread;
  /** True while the thread waits in a long poll, which an interrupt cannot cut short. */
  private volatile boolean receiving;

  public EventsPoller(SqsClient sqs, QueueUrls queues, EventMessages messages) {
    this.sqs = sqs;
    this.queues = queues;
    this.messages = messages;
  }

  @EventListener
  void onStartup(StartupEvent event) {
    start();
  }

  /** Starts the polling thread; does nothing when it already runs. */
  public synchronized void start() {
    if (running.compareAndSet(false, true)) {
      Thread t = new Thread(this::runUntilStopped, "goldpan-events-poller");
      t.setDaemon(true);
      thread = t;
      t.start();
      LOG.info("events poller started");
    }
  }

  /** Stops polling and waits a bounded time for the thread; safe to call more than once. */
  @PreDestroy
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
      LOG.info("events poller stopped");
      return;
    }
    try {
      t.join(STOP_WAIT.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (t.isAlive()) {
      LOG.warn("events poller did not stop within {}", STOP_WAIT);
    } else {
      LOG.info("events poller stopped");
    }
  }

  public boolean isRunning() {
    return running.get();
  }

  private void runUntilStopped() {
    Duration backoff = MIN_BACKOFF;
    while (running.get()) {
      List<Message> received;
      try {
        receiving = true;
        received =
            sqs.receiveMessage(
                    r ->
                        r.queueUrl(queues.events())
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
            "receiving from the events queue failed, retrying in {}: {}", backoff, e.toString());
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
      handle(received);
    }
  }

  private void handle(List<Message> received) {
    List<DeleteMessageBatchRequestEntry> done = new ArrayList<>();
    for (Message message : received) {
      if (messages.handle(message.messageId(), message.body()).done()) {
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
          sqs.deleteMessageBatch(r -> r.queueUrl(queues.events()).entries(done));
      if (response.hasFailed() && !response.failed().isEmpty()) {
        LOG.warn("{} handled events were not deleted and will be applied again (harmless)",
            response.failed().size());
      }
    } catch (RuntimeException e) {
      LOG.warn(
          "deleting handled events failed; they will be applied again (harmless): {}",
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
