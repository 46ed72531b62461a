package io.goldpan.runner;

import io.goldpan.contract.ImageResult;
import io.goldpan.contract.JobMessage;
import io.goldpan.contract.Timings;
import io.goldpan.runner.models.Model;
import io.goldpan.runner.models.ModelException;
import io.goldpan.runner.models.PaintingCancelledException;
import java.awt.image.BufferedImage;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Paints a job's images in order, in batches of up to the model's {@link Model#maxBatch()}, and
 * hands each image to {@link ImageUploads} on its own, keeping the progress reported meanwhile (the
 * message is kept hidden from its receipt on). Between batches it looks for a stop (the job is
 * released), a cancel marker (the job ends cancelled) and SQS's 12-hour limit (the job fails); a
 * model asks for the first two between its steps too. It looks for the cancel marker before the
 * first image and once more after the last, so a job cancelled at any point never ends as a
 * success.
 */
final class JobPainter {
  private static final Logger log = LoggerFactory.getLogger(JobPainter.class);

  static final String RAN_PAST_12_HOURS =
      "ran past 12 h, the longest SQS can keep a job from other runners; ask for fewer images or"
          + " steps per job";

  /** A job painted to the end, every image stored. */
  record Painted(List<ImageResult> images, Timings timings) {}

  /**
   * A job painted to its last image, run on any thread while the next job paints: waits for its
   * images to be stored and looks for a cancel marker once more.
   */
  interface LastSteps {
    /**
     * @return the stored images, or empty when the job ended cancelled (its message settled)
     * @throws InfrastructureException when storage fails
     */
    Optional<Painted> finish();
  }

  private final Timers timers;
  private final ImageUploads uploads;
  private final CancelWatch cancel;
  private final JobReporter reports;
  private final StopSignal stop;
  private final Clock clock;
  private final InitPictures initPictures;
  private final ImageScoring scoring;
  private final LivePreviews previews;

  JobPainter(
      Timers timers,
      ImageUploads uploads,
      CancelWatch cancel,
      JobReporter reports,
      StopSignal stop,
      Clock clock,
      InitPictures initPictures,
      ImageScoring scoring,
      LivePreviews previews) {
    this.initPictures = initPictures;
    this.scoring = scoring;
    this.previews = previews;
    this.timers = timers;
    this.uploads = uploads;
    this.cancel = cancel;
    this.reports = reports;
    this.stop = stop;
    this.clock = clock;
  }

  /**
   * Paints {@code job} with {@code model}.
   *
   * @return what is left once the last image is painted, or empty when the job ended early and its
   *     message is settled (cancelled, failed at the 12-hour limit, or released by a stop)
   * @throws io.goldpan.runner.models.ModelException when the model fails on the job
   * @throws InfrastructureException when storage fails
   */
  Optional<LastSteps> paint(JobMessage job, Model model, InFlight inFlight) {
    if (cancel.isCancelledBeforeStart(job.jobId(), inFlight)) {
      log.info("jobId={} cancelled before it started: found its cancel marker", job.jobId());
      endCancelled(inFlight, null);
      return Optional.empty();
    }
    log.info(
        "jobId={} started: {} image(s) {}x{} with model {} (delivery {})",
        job.jobId(),
        job.parameters().count(),
        job.parameters().width(),
        job.parameters().height(),
        job.parameters().model(),
        inFlight.message().receiveCount());
    reports.started(job.jobId());
    JobProgress progress = reports.progress(job);
    LivePreviews.ForJob shown = previews.start(job, progress);
    progress.showPreviews(shown);
    ScheduledFuture<?> keepAlive = timers.keepReporting(job.jobId(), progress);
    try {
      return paintImages(job, model, inFlight, progress);
    } finally {
      shown.end();
      keepAlive.cancel(false);
    }
  }

  private Optional<LastSteps> paintImages(
      JobMessage job, Model model, InFlight inFlight, JobProgress progress) {
    String jobId = job.jobId();
    BooleanSupplier cancelled = cancel.betweenSteps(inFlight);
    if (job.parameters().init() != null && !model.canVary()) {
      throw new ModelException(Model.cannotVary(model.name()));
    }
    BufferedImage init = initPictures.read(job);
    ImageUploads.Batch images = uploads.start(job, model.samplerLabel(job), progress);
    ImageScoring.Job scores = scoring.start(job);
    long inferenceMs = 0;
    // pictures from a picture are painted one by one: the batch path starts from noise only
    int maxBatch = init != null ? 1 : Math.max(1, model.maxBatch());
    for (int i = 0; i < job.parameters().count(); ) {
      if (stop.stopRequested()) {
        images.letFinish();
        if (inFlight.release()) {
          log.info(
              "jobId={} runner stopping: released the job after {} of {} image(s)",
              jobId,
              i,
              job.parameters().count());
        }
        return Optional.empty();
      }
      if (i > 0 && cancel.isCancelled(jobId)) {
        log.info("jobId={} cancelled after {} image(s): found its cancel marker", jobId, i);
        endCancelled(inFlight, images);
        return Optional.empty();
      }
      if (inFlight.overran()) {
        images.letFinish();
        String reason =
            RAN_PAST_12_HOURS + " (" + i + " of " + job.parameters().count() + " image(s) done)";
        log.warn("jobId={} rejected: {}", jobId, reason);
        reports.failed(jobId, reason);
        inFlight.delete();
        return Optional.empty();
      }
      long paintStart = clock.millis();
      int batch = Math.min(maxBatch, job.parameters().count() - i);
      List<BufferedImage> painted;
      try {
        // a batch's images step together: its progress is counted as its first image's
        painted =
            batch == 1
                ? List.of(model.paint(job, i, progress.forImage(i), cancelled, init))
                : model.paintBatch(job, i, batch, progress.forImage(i), cancelled);
      } catch (PaintingCancelledException e) {
        if (!inFlight.isSettled()) {
          log.info("jobId={} cancelled while painting image {}: found its cancel marker", jobId, i);
          endCancelled(inFlight, images);
        }
        return Optional.empty();
      }
      inferenceMs += clock.millis() - paintStart;
      if (inFlight.isSettled()) {
        return Optional.empty(); // released by a stop that could not wait for this image
      }
      for (BufferedImage image : painted) {
        // scored on the painting thread, on the model's execution provider, while the previous
        // image is still uploading
        images.add(i, image, scores.score(i, image));
        i++;
      }
    }
    long paintedMs = inferenceMs;
    return Optional.of(() -> finish(job, inFlight, images, paintedMs, scores.ms()));
  }

  private Optional<Painted> finish(
      JobMessage job,
      InFlight inFlight,
      ImageUploads.Batch images,
      long inferenceMs,
      Long scoringMs) {
    String jobId = job.jobId();
    List<ImageResult> stored = images.finish();
    // One more look before the job is reported done: a cancel while the last image was painted
    // must not end as a success.
    if (cancel.isCancelled(jobId)) {
      log.info(
          "jobId={} cancelled while its last image was painted: found its cancel marker", jobId);
      endCancelled(inFlight, null);
      return Optional.empty();
    }
    long queueMs =
        job.submittedAt() == null
            ? 0
            : Math.max(0, Duration.between(job.submittedAt(), inFlight.receivedAt()).toMillis());
    long totalMs = Duration.between(inFlight.receivedAt(), clock.instant()).toMillis();
    return Optional.of(
        new Painted(
            stored, new Timings(queueMs, inferenceMs, images.uploadMs(), totalMs, scoringMs)));
  }

  /** Lets an image already painted finish storing, then reports the job cancelled and deletes. */
  private void endCancelled(InFlight inFlight, ImageUploads.Batch images) {
    if (images != null) {
      images.letFinish();
    }
    reports.cancelled(inFlight.jobId());
    inFlight.delete();
  }
}
