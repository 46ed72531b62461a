package io.goldpan.runner;

import io.goldpan.contract.JobMessage;
import io.goldpan.contract.Preview;
import io.goldpan.contract.StorageKeys;
import io.goldpan.runner.internal.NamedThreads;
import io.goldpan.runner.storage.ImageEncoding;
import io.goldpan.runner.storage.ImageStore;
import java.awt.image.BufferedImage;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes running jobs' previews on one background thread, so painting never waits for them: a job
 * wants one at most once per interval, and none while its last one is still being decoded, encoded
 * or stored (a preview is dropped, never queued). Each becomes a JPEG of at most 256 px stored
 * under {@link StorageKeys#preview}, then announced in the job's progress. A preview that fails is
 * logged and forgotten: the images themselves do not depend on it.
 */
final class LivePreviews implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(LivePreviews.class);

  private final ImageStore store;
  private final Duration interval;
  private final Clock clock;
  private final ExecutorService thread;

  /**
   * @param interval shortest time between two previews of one job; zero turns previews off
   */
  LivePreviews(ImageStore store, Duration interval, Clock clock) {
    this.store = store;
    this.interval = interval;
    this.clock = clock;
    this.thread = Executors.newSingleThreadExecutor(NamedThreads.daemon("goldpan-preview"));
  }

  /** The previews of {@code job}, announced through {@code progress}; none when turned off. */
  ForJob start(JobMessage job, JobProgress progress) {
    return new ForJob(job, progress, !interval.isZero() && !interval.isNegative());
  }

  /** One job's previews, from its start to {@link #end()}. */
  final class ForJob {
    private final JobMessage job;
    private final JobProgress progress;
    private final boolean on;
    private final AtomicBoolean busy = new AtomicBoolean();
    private volatile boolean ended;
    private volatile long lastAt = Long.MIN_VALUE;

    private ForJob(JobMessage job, JobProgress progress, boolean on) {
      this.job = job;
      this.progress = progress;
      this.on = on;
    }

    /** Whether a preview would be taken now; cheap, asked on the painting thread. */
    boolean wanted() {
      if (!on || ended || busy.get()) {
        return false;
      }
      long last = lastAt;
      return last == Long.MIN_VALUE || clock.millis() - last >= interval.toMillis();
    }

    /**
     * Makes a preview of image {@code index} at the job's progress {@code step} on the preview
     * thread, unless one is on its way already.
     */
    void offer(int index, int step, Supplier<BufferedImage> render) {
      if (!on || ended || !busy.compareAndSet(false, true)) {
        return;
      }
      lastAt = clock.millis();
      try {
        thread.execute(() -> make(index, step, render));
      } catch (RejectedExecutionException e) {
        busy.set(false); // the runner is stopping
      }
    }

    /** The job stopped painting: a preview on its way is not announced, none is taken. */
    void end() {
      ended = true;
    }

    private void make(int index, int step, Supplier<BufferedImage> render) {
      try {
        if (ended) {
          return;
        }
        byte[] jpeg = ImageEncoding.preview(render.get());
        if (ended) {
          return;
        }
        store.put(StorageKeys.preview(job.jobId()), jpeg, "image/jpeg");
        if (!ended) {
          progress.previewStored(new Preview(index, step));
        }
      } catch (RuntimeException e) {
        log.debug("jobId={} preview of image {} dropped: {}", job.jobId(), index, e.getMessage());
      } finally {
        busy.set(false);
      }
    }
  }

  /**
   * Stops the preview thread, waiting a moment for a preview being decoded: the model's sessions
   * are closed after this.
   */
  @Override
  public void close() {
    thread.shutdownNow();
    try {
      thread.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
