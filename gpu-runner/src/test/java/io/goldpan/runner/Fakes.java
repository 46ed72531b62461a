package io.goldpan.runner;

import io.goldpan.contract.EventType;
import io.goldpan.contract.JobMessage;
import io.goldpan.contract.RunnerEvent;
import io.goldpan.runner.models.Model;
import io.goldpan.runner.models.ModelException;
import io.goldpan.runner.models.StepListener;
import io.goldpan.runner.queue.EventSink;
import io.goldpan.runner.queue.JobSource;
import io.goldpan.runner.queue.QueueMessage;
import io.goldpan.runner.storage.ImageStore;
import java.awt.image.BufferedImage;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/** In-memory stand-ins for the queue, the events queue, the bucket and a model. */
final class Fakes {
  private Fakes() {}

  /** Records what happened to messages and events, in order, e.g. {@code event:SUCCEEDED}. */
  static final class Journal {
    final List<String> entries = new CopyOnWriteArrayList<>();

    void add(String entry) {
      entries.add(entry);
    }
  }

  static final class Queue implements JobSource {
    private final Journal journal;
    private final BlockingQueue<QueueMessage> pending = new LinkedBlockingQueue<>();
    private final AtomicInteger ids = new AtomicInteger();
    final List<String> deleted = new CopyOnWriteArrayList<>();
    final List<String> released = new CopyOnWriteArrayList<>();
    final List<String> extended = new CopyOnWriteArrayList<>();
    final List<Duration> extendedBy = new CopyOnWriteArrayList<>();
    final AtomicInteger receiveFailuresLeft = new AtomicInteger();
    final AtomicInteger receives = new AtomicInteger();

    Queue(Journal journal) {
      this.journal = journal;
    }

    /** Puts a message on the queue; returns its message id. */
    String offer(String body) {
      int n = ids.incrementAndGet();
      QueueMessage message = new QueueMessage("m-" + n, "receipt-" + n, body, 1);
      pending.add(message);
      return message.messageId();
    }

    @Override
    public Optional<QueueMessage> receive(Duration wait, Duration visibility) {
      receives.incrementAndGet();
      if (receiveFailuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
        throw new InfrastructureException(
            "cannot receive from SQS queue fake: Connection refused", null);
      }
      try {
        // Always block a little, like a long poll, so an idle runner does not spin.
        long millis = Math.max(20, wait.toMillis());
        return Optional.ofNullable(pending.poll(millis, TimeUnit.MILLISECONDS));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return Optional.empty();
      }
    }

    @Override
    public void extend(QueueMessage message, Duration visibility) {
      extended.add(message.messageId());
      extendedBy.add(visibility);
    }

    @Override
    public void release(QueueMessage message) {
      if (Thread.currentThread().isInterrupted()) {
        // as the SDK does: a call on an interrupted thread fails before it leaves
        throw new InfrastructureException(
            "cannot release a message on SQS queue fake: Thread was interrupted", null);
      }
      released.add(message.messageId());
      journal.add("release:" + message.messageId());
    }

    /** Runs before each delete, on the deleting thread. */
    volatile Consumer<QueueMessage> beforeDelete = message -> {};

    @Override
    public void delete(QueueMessage message) {
      beforeDelete.accept(message);
      deleted.add(message.messageId());
      journal.add("delete:" + message.messageId());
    }
  }

  static final class Events implements EventSink {
    private final Journal journal;
    final List<RunnerEvent> sent = new CopyOnWriteArrayList<>();

    /** Runs after each event is recorded, to make something happen at that moment. */
    volatile Consumer<RunnerEvent> afterSend = event -> {};

    Events(Journal journal) {
      this.journal = journal;
    }

    @Override
    public void send(RunnerEvent event) {
      sent.add(event);
      if (event.type() != EventType.RUNNER_HEARTBEAT) {
        journal.add("event:" + event.type());
      }
      afterSend.accept(event);
    }

    /** Events about jobs, heartbeats left out. */
    List<RunnerEvent> jobEvents() {
      return sent.stream().filter(e -> e.type() != EventType.RUNNER_HEARTBEAT).toList();
    }

    List<EventType> jobEventTypes() {
      return jobEvents().stream().map(RunnerEvent::type).toList();
    }
  }

  static final class Bucket implements ImageStore {
    final Map<String, byte[]> objects = new ConcurrentHashMap<>();
    volatile boolean failPuts;

    /** Writes that fail before the bucket works again (a passing outage). */
    final AtomicInteger putFailuresLeft = new AtomicInteger();

    final AtomicInteger failedPuts = new AtomicInteger();

    /** Runs before each existence check, to make something happen at that moment. */
    volatile Consumer<String> beforeExists = key -> {};

    /** Runs before each write, on the uploading thread. */
    volatile Consumer<String> beforePut = key -> {};

    @Override
    public void put(String key, byte[] bytes, String contentType) {
      beforePut.accept(key);
      if (failPuts || putFailuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
        failedPuts.incrementAndGet();
        throw new InfrastructureException(
            "cannot write s3://fake/" + key + ": 503 Slow Down", null);
      }
      objects.put(key, bytes);
    }

    @Override
    public java.util.Optional<byte[]> get(String key) {
      return java.util.Optional.ofNullable(objects.get(key));
    }

    @Override
    public boolean exists(String key) {
      beforeExists.accept(key);
      return objects.containsKey(key);
    }
  }

  /** Called before a fake model paints an image; may block or throw. */
  @FunctionalInterface
  interface PaintHook {
    void beforePaint(JobMessage job, int index) throws Exception;
  }

  /** A model named {@code demo} that paints a flat colour derived from the seed. */
  /**
   * Waits for {@code latch} the way a call the test holds waits: an interrupt (a runner's stop)
   * does not end the wait, as it does not end a native ONNX Runtime call, and is kept for the
   * caller.
   *
   * @throws AssertionError when the test never opens the latch
   */
  static void awaitIgnoringInterrupts(CountDownLatch latch) {
    boolean interrupted = false;
    while (true) {
      try {
        if (latch.await(10, TimeUnit.SECONDS)) {
          break;
        }
        throw new AssertionError("the test never let the held call return");
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  static final class FlatModel implements Model {
    volatile PaintHook hook = (job, index) -> {};

    /**
     * Holds the painting of job {@code jobId} (of every job when null) like a native ONNX Runtime
     * call: counts {@code painting} down, then returns only once {@code release} opens.
     */
    void holdPainting(String jobId, CountDownLatch painting, CountDownLatch release) {
      hook =
          (job, index) -> {
            if (jobId == null || job.jobId().equals(jobId)) {
              painting.countDown();
              awaitIgnoringInterrupts(release);
            }
          };
    }

    final AtomicInteger painted = new AtomicInteger();

    @Override
    public String name() {
      return "demo";
    }

    @Override
    public BufferedImage paint(JobMessage job, int index, StepListener progress) {
      try {
        hook.beforePaint(job, index);
      } catch (ModelException e) {
        throw e;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
      BufferedImage image =
          new BufferedImage(
              job.parameters().width(), job.parameters().height(), BufferedImage.TYPE_INT_RGB);
      int rgb = (int) (job.parameters().seedOf(index) * 2654435761L) & 0xffffff;
      for (int y = 0; y < job.parameters().height(); y++) {
        for (int x = 0; x < job.parameters().width(); x++) {
          image.setRGB(x, y, rgb);
        }
      }
      painted.incrementAndGet();
      return image;
    }

    @Override
    public void close() {}
  }
}
