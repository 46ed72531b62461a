package io.goldpan.runner;

import io.goldpan.contract.Contract;
import io.goldpan.contract.ContractException;
import io.goldpan.contract.ImageResult;
import io.goldpan.contract.JobLimits;
import io.goldpan.contract.JobMessage;
import io.goldpan.contract.RunnerEvent;
import io.goldpan.contract.StorageKeys;
import io.goldpan.contract.Timings;
import io.goldpan.runner.config.RunnerConfig;
import io.goldpan.runner.models.Model;
import io.goldpan.runner.models.ModelException;
import io.goldpan.runner.models.PaintingCancelledException;
import io.goldpan.runner.queue.EventSink;
import io.goldpan.runner.queue.JobSource;
import io.goldpan.runner.queue.QueueMessage;
import io.goldpan.runner.storage.ImageEncoding;
import io.goldpan.runner.storage.ImageStore;
import io.goldpan.runner.storage.PngParameters;
import java.awt.image.BufferedImage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Handles one message from the jobs queue, from parsing to its terminal event. Deletes the message
 * only once a terminal event is sent; releases it when the infrastructure fails, so it is retried.
 */
final class JobProcessor {
  private static final Logger log = LoggerFactory.getLogger(JobProcessor.class);

  /** Finds a job id in a body too broken to parse, so the job can still be marked failed. */
  static final String RAN_PAST_12_HOURS =
      "ran past 12 h, the longest SQS can keep a job from other runners; ask for fewer images or"
          + " steps per job";

  private static final Duration FIRST_RETRY_DELAY = Duration.ofSeconds(5);
  private static final Pattern JOB_ID_FIELD =
      Pattern.compile("\"jobId\"\\s*:\\s*\"([0-9a-f-]{36})\"");

  /** Shortest pause between two looks for a cancel marker while an image is being painted. */
  static final Duration CANCEL_CHECK_INTERVAL = Duration.ofSeconds(1);

  /** How long a terminal event waits for the job's earlier events to leave first. */
  private static final Duration ORDER_WAIT = Duration.ofSeconds(5);

  private final RunnerConfig config;
  private final JobSource jobs;
  private final EventSink events;
  private final BackgroundEvents background;
  private final ImageStore store;
  private final Map<String, Model> models;
  private final Clock clock;
  private final ScheduledExecutorService scheduler;
  private final Executor uploads;
  private final StopSignal stop;
  private final Consumer<InFlight> current;

  JobProcessor(
      RunnerConfig config,
      JobSource jobs,
      EventSink events,
      BackgroundEvents background,
      ImageStore store,
      Map<String, Model> models,
      Clock clock,
      ScheduledExecutorService scheduler,
      Executor uploads,
      StopSignal stop,
      Consumer<InFlight> current) {
    this.config = config;
    this.jobs = jobs;
    this.events = events;
    this.background = background;
    this.store = store;
    this.models = models;
    this.clock = clock;
    this.scheduler = scheduler;
    this.uploads = uploads;
    this.stop = stop;
    this.current = current;
  }

  /** Handles {@code message}; never throws for a failure of the job or of the infrastructure. */
  void process(QueueMessage message) {
    Instant receivedAt = clock.instant();
    JobMessage job;
    try {
      job = Contract.parseJob(message.body());
    } catch (ContractException e) {
      rejectUnreadable(message, e);
      return;
    }
    InFlight inFlight = new InFlight(message, job.jobId(), jobs);
    current.accept(inFlight);
    try {
      paint(job, inFlight, receivedAt);
    } catch (ModelException e) {
      log.warn("jobId={} failed: {}", job.jobId(), e.getMessage());
      finishQuietly(inFlight, () -> fail(job.jobId(), e.getMessage()));
    } catch (InfrastructureException e) {
      Duration delay = retryDelay(message.receiveCount());
      log.warn(
          "jobId={} infrastructure failure, the job is tried again in {} s (delivery {}): {}",
          job.jobId(),
          delay.toSeconds(),
          message.receiveCount(),
          e.getMessage());
      inFlight.releaseAfterQuietly(delay);
    } catch (RuntimeException e) {
      log.error(
          "jobId={} unexpected failure, releasing the job for another try (delivery {})",
          job.jobId(),
          message.receiveCount(),
          e);
      inFlight.releaseQuietly();
    } finally {
      inFlight.stopHeartbeat();
      current.accept(null);
    }
  }

  private void paint(JobMessage job, InFlight inFlight, Instant receivedAt) {
    String jobId = job.jobId();
    List<String> problems = JobLimits.problems(job);
    if (!problems.isEmpty()) {
      if (!StorageKeys.isJobId(jobId)) {
        // Without a valid id no event can name the job; nothing to report to.
        log.warn(
            "jobId={} deleted a job message without a valid job id: {}",
            jobId,
            String.join("; ", problems));
        inFlight.delete();
        return;
      }
      reject(inFlight, jobId, "invalid job: " + String.join("; ", problems));
      return;
    }
    Model model = models.get(job.model());
    if (model == null) {
      reject(
          inFlight,
          jobId,
          "model '"
              + job.model()
              + "' is not available on runner "
              + config.runnerId()
              + "; it has: "
              + String.join(", ", models.keySet()));
      return;
    }
    if (job.deadline() != null && receivedAt.isAfter(job.deadline())) {
      reject(inFlight, jobId, "deadline passed before a runner took the job");
      return;
    }
    if (cancelled(job, inFlight)) {
      return;
    }

    log.info(
        "jobId={} started: {} image(s) {}x{} with model {} (delivery {})",
        jobId,
        job.count(),
        job.width(),
        job.height(),
        job.model(),
        inFlight.message().receiveCount());
    background.send(RunnerEvent.started(jobId, config.runnerId(), clock.instant()));
    inFlight.startHeartbeat(
        scheduler, config.heartbeatInterval(), config.visibilityTimeout(), clock, receivedAt);
    JobProgress progress = new JobProgress(job, config.runnerId(), background::send, clock);
    ScheduledFuture<?> keepAlive =
        scheduler.scheduleAtFixedRate(
            () -> reportAlive(jobId, progress),
            config.progressInterval().toNanos(),
            config.progressInterval().toNanos(),
            TimeUnit.NANOSECONDS);
    try {
      paintImages(job, model, inFlight, receivedAt, progress);
    } finally {
      keepAlive.cancel(false);
    }
  }

  private void paintImages(
      JobMessage job, Model model, InFlight inFlight, Instant receivedAt, JobProgress progress) {
    String jobId = job.jobId();
    BooleanSupplier cancelCheck = cancelCheck(job, inFlight);
    List<ImageResult> images = new ArrayList<>();
    long inferenceMs = 0;
    AtomicLong storeMs = new AtomicLong();
    // Image i is encoded and uploaded while image i + 1 is painted; at most one is in flight.
    CompletableFuture<ImageResult> storing = null;
    for (int i = 0; i < job.count(); i++) {
      if (stop.stopRequested()) {
        letFinish(storing);
        if (inFlight.release()) {
          log.info(
              "jobId={} runner stopping: released the job after {} of {} image(s)",
              jobId,
              i,
              job.count());
        }
        return;
      }
      if (i > 0 && cancelled(job, inFlight, storing)) {
        return;
      }
      if (inFlight.overran()) {
        letFinish(storing);
        reject(
            inFlight,
            jobId,
            RAN_PAST_12_HOURS + " (" + i + " of " + job.count() + " image(s) done)");
        return;
      }
      long paintStart = clock.millis();
      BufferedImage image;
      try {
        image = model.paint(job, i, progress.forImage(i), cancelCheck);
      } catch (PaintingCancelledException e) {
        letFinish(storing);
        if (!inFlight.isSettled()) {
          log.info("jobId={} cancelled while painting image {}: found its cancel marker", jobId, i);
          sendTerminal(RunnerEvent.cancelled(jobId, config.runnerId(), clock.instant()));
          inFlight.delete();
        }
        return;
      }
      inferenceMs += clock.millis() - paintStart;
      if (inFlight.isSettled()) {
        return; // released by a stop that could not wait for this image
      }
      if (storing != null) {
        images.add(awaitUpload(storing));
      }
      storing = store(job, i, image, progress, storeMs);
    }
    if (storing != null) {
      images.add(awaitUpload(storing));
    }

    Instant now = clock.instant();
    long queueMs =
        job.submittedAt() == null
            ? 0
            : Math.max(0, Duration.between(job.submittedAt(), receivedAt).toMillis());
    long totalMs = Duration.between(receivedAt, now).toMillis();
    Timings timings = new Timings(queueMs, inferenceMs, storeMs.get(), totalMs);
    if (inFlight.isSettled()) {
      return;
    }
    sendTerminal(RunnerEvent.succeeded(jobId, config.runnerId(), now, images, timings));
    // The next job need not wait for this round trip.
    uploads.execute(inFlight::deleteQuietly);
    log.info(
        "jobId={} succeeded: {} image(s), inference {} ms, encoding and upload {} ms, total {} ms,"
            + " queued {} ms",
        jobId,
        images.size(),
        inferenceMs,
        storeMs.get(),
        totalMs,
        queueMs);
  }

  /**
   * Encodes image {@code index} and uploads it with its thumbnail, in the background; adds the time
   * it took to {@code storeMs} and reports the image done.
   */
  private CompletableFuture<ImageResult> store(
      JobMessage job, int index, BufferedImage image, JobProgress progress, AtomicLong storeMs) {
    String key = StorageKeys.image(job.jobId(), index);
    String thumbKey = StorageKeys.thumbnail(job.jobId(), index);
    return CompletableFuture.supplyAsync(
        () -> {
          long start = clock.millis();
          // Independent work: the thumbnail is encoded and travels while the full image is.
          CompletableFuture<Void> thumbnail =
              CompletableFuture.runAsync(
                  () -> store.put(thumbKey, ImageEncoding.thumbnail(image), "image/jpeg"), uploads);
          byte[] png =
              ImageEncoding.png(image, Map.of(PngParameters.KEYWORD, PngParameters.of(job, index)));
          store.put(key, png, "image/png");
          awaitUpload(thumbnail);
          storeMs.addAndGet(clock.millis() - start);
          progress.imageDone(index);
          return new ImageResult(
              index, job.seedOf(index), key, thumbKey, image.getWidth(), image.getHeight());
        },
        uploads);
  }

  /**
   * Asked by a model between steps: true once the job was released by a stop, or once its cancel
   * marker exists. The marker costs a storage request, so it is looked for at most once per {@link
   * #CANCEL_CHECK_INTERVAL}.
   */
  private BooleanSupplier cancelCheck(JobMessage job, InFlight inFlight) {
    String marker = StorageKeys.cancelMarker(job.jobId());
    long[] lastCheck = {clock.millis()};
    return () -> {
      if (inFlight.isSettled()) {
        return true;
      }
      long now = clock.millis();
      if (now - lastCheck[0] < CANCEL_CHECK_INTERVAL.toMillis()) {
        return false;
      }
      lastCheck[0] = now;
      return store.exists(marker);
    };
  }

  /**
   * How long a job waits before its next try after SQS or S3 failed: 5 s, then doubling per
   * delivery, never more than the visibility timeout.
   */
  Duration retryDelay(int receiveCount) {
    Duration delay =
        FIRST_RETRY_DELAY.multipliedBy(1L << Math.min(10, Math.max(0, receiveCount - 1)));
    return delay.compareTo(config.visibilityTimeout()) > 0 ? config.visibilityTimeout() : delay;
  }

  /** Re-sends the progress so far: a long image must not look like a lost job. */
  private void reportAlive(String jobId, JobProgress progress) {
    try {
      progress.resend();
    } catch (RuntimeException e) {
      log.warn("jobId={} cannot report progress: {}", jobId, e.getMessage());
    }
  }

  /**
   * Lets an image already painted finish storing before the job ends early, so what the user saw
   * counted in its progress is there; its failure no longer matters.
   */
  private static void letFinish(CompletableFuture<?> storing) {
    if (storing == null) {
      return;
    }
    try {
      storing.join();
    } catch (CompletionException | CancellationException e) {
      log.debug("an image of a job that ends early was not stored: {}", e.getMessage());
    }
  }

  /** Waits for an upload; its failure surfaces as the store threw it, not wrapped. */
  private static <T> T awaitUpload(CompletableFuture<T> upload) {
    try {
      return upload.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException cause) {
        throw cause;
      }
      throw e;
    }
  }

  private boolean cancelled(JobMessage job, InFlight inFlight) {
    return cancelled(job, inFlight, null);
  }

  /** Whether the job is cancelled; if so, lets {@code storing} finish, then reports and deletes. */
  private boolean cancelled(JobMessage job, InFlight inFlight, CompletableFuture<?> storing) {
    if (!store.exists(StorageKeys.cancelMarker(job.jobId()))) {
      return false;
    }
    letFinish(storing);
    log.info("jobId={} cancelled: found its cancel marker", job.jobId());
    sendTerminal(RunnerEvent.cancelled(job.jobId(), config.runnerId(), clock.instant()));
    inFlight.delete();
    return true;
  }

  private void reject(InFlight inFlight, String jobId, String reason) {
    log.warn("jobId={} rejected: {}", jobId, reason);
    fail(jobId, reason);
    inFlight.delete();
  }

  private void fail(String jobId, String reason) {
    sendTerminal(RunnerEvent.failed(jobId, config.runnerId(), clock.instant(), reason));
  }

  /** Sends a terminal event after the job's queued informational ones, so it usually comes last. */
  private void sendTerminal(RunnerEvent event) {
    background.flush(ORDER_WAIT);
    events.send(event);
  }

  /** Sends the terminal event, then deletes; on an infrastructure failure releases instead. */
  private void finishQuietly(InFlight inFlight, Runnable terminalEvent) {
    if (inFlight.isSettled()) {
      return;
    }
    try {
      terminalEvent.run();
      inFlight.delete();
    } catch (RuntimeException e) {
      log.warn(
          "jobId={} cannot report the failure, releasing the job: {}",
          inFlight.jobId(),
          e.getMessage());
      inFlight.releaseQuietly();
    }
  }

  private void rejectUnreadable(QueueMessage message, ContractException problem) {
    Matcher match = JOB_ID_FIELD.matcher(message.body() == null ? "" : message.body());
    String jobId = match.find() && StorageKeys.isJobId(match.group(1)) ? match.group(1) : null;
    log.warn(
        "jobId={} deleting an unreadable job message (messageId={}): {}",
        jobId,
        message.messageId(),
        problem.getMessage());
    InFlight inFlight = new InFlight(message, jobId, jobs);
    if (jobId == null) {
      try {
        inFlight.delete();
      } catch (RuntimeException e) {
        log.warn(
            "messageId={} cannot delete the unreadable message: {}",
            message.messageId(),
            e.getMessage());
      }
      return;
    }
    finishQuietly(
        inFlight,
        () -> fail(jobId, "the runner cannot read the job message: " + problem.getMessage()));
  }
}
