package io.goldpan.runner;

import io.goldpan.contract.ImageResult;
import io.goldpan.contract.JobMessage;
import io.goldpan.contract.Preview;
import io.goldpan.contract.RunnerEvent;
import io.goldpan.runner.models.StepListener;
import io.goldpan.runner.queue.EventSink;
import java.awt.image.BufferedImage;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Turns the steps of a job's images into PROGRESS events counting steps across the whole job (total
 * = images × steps per image), sending at most one per {@link #MIN_INTERVAL} while an image is
 * painted and one when an image is done, so the events queue is not flooded. The last step of the
 * job is never sent: the succeeded event follows at once and completes the count.
 *
 * <p>Every event lists the images stored so far, all of them, and the latest preview: the events
 * queue's sender replaces a waiting progress event with a newer one, and the newer one must still
 * carry every image and the preview.
 */
final class JobProgress {
  /** Shortest time between two step events: at most about four a second. */
  static final Duration MIN_INTERVAL = Duration.ofMillis(250);

  private final JobMessage job;
  private final String runnerId;
  private final EventSink events;
  private final Clock clock;

  /** Steps per image as the model reports them; a model that reports none counts 1 per image. */
  private int stepsPerImage = 1;

  private final List<ImageResult> stored = new ArrayList<>();

  /** The job's previews; null for none. */
  private LivePreviews.ForJob previews;

  private Preview preview;

  private int lastSent;
  private long lastSentAt = Long.MIN_VALUE;

  JobProgress(JobMessage job, String runnerId, EventSink events, Clock clock) {
    this.job = job;
    this.runnerId = runnerId;
    this.events = events;
    this.clock = clock;
  }

  /** Offers the steps' previews to {@code previews} (made by models that can make them). */
  synchronized void showPreviews(LivePreviews.ForJob previews) {
    this.previews = previews;
  }

  /** The listener for image {@code index}'s steps (and its previews, for a batch its first's). */
  StepListener forImage(int index) {
    return new StepListener() {
      @Override
      public void onStep(int step, int totalSteps) {
        synchronized (JobProgress.this) {
          stepsPerImage = Math.max(1, totalSteps);
          long now = clock.millis();
          if (lastSentAt == Long.MIN_VALUE || now - lastSentAt >= MIN_INTERVAL.toMillis()) {
            send(index * stepsPerImage + step, now);
          }
        }
      }

      @Override
      public boolean wantsPreview() {
        LivePreviews.ForJob shown = currentPreviews();
        return shown != null && shown.wanted();
      }

      @Override
      public void preview(int step, int totalSteps, Supplier<BufferedImage> render) {
        LivePreviews.ForJob shown = currentPreviews();
        if (shown != null) {
          shown.offer(index, index * Math.max(1, totalSteps) + step, render);
        }
      }
    };
  }

  private synchronized LivePreviews.ForJob currentPreviews() {
    return previews;
  }

  /**
   * A preview is stored: reported at once with the latest step (it is not a step, so the rate limit
   * of steps does not hold it back), and in every later event.
   */
  synchronized void previewStored(Preview stored) {
    if (preview != null && preview.step() > stored.step()) {
      return;
    }
    preview = stored;
    events.send(
        RunnerEvent.progress(
            job.jobId(),
            runnerId,
            clock.instant(),
            lastSent,
            job.parameters().count() * stepsPerImage,
            this.stored,
            preview));
  }

  /**
   * Image {@code image.index()} is painted and stored: reported whatever the interval, and listed
   * in every later event.
   */
  synchronized void imageDone(ImageResult image) {
    stored.add(image);
    // The next image's steps may have been counted already (it is painted while this one is
    // stored): then the count stays, and the event is still sent for the image it adds.
    int done = Math.max(lastSent, (image.index() + 1) * stepsPerImage);
    if (done < job.parameters().count() * stepsPerImage) {
      events.send(
          RunnerEvent.progress(
              job.jobId(),
              runnerId,
              clock.instant(),
              done,
              job.parameters().count() * stepsPerImage,
              stored,
              preview));
      lastSent = done;
      lastSentAt = clock.millis();
    }
  }

  /**
   * Sends the latest progress again, even unchanged: the keep-alive of a long image, so the job
   * does not look lost to the sweeper. (Equal progress passes the database's forward-only guard.)
   */
  synchronized void resend() {
    events.send(
        RunnerEvent.progress(
            job.jobId(),
            runnerId,
            clock.instant(),
            lastSent,
            job.parameters().count() * stepsPerImage,
            stored,
            preview));
    lastSentAt = clock.millis();
  }

  private void send(int done, long now) {
    int total = job.parameters().count() * stepsPerImage;
    if (done <= lastSent || done >= total) {
      return;
    }
    events.send(
        RunnerEvent.progress(job.jobId(), runnerId, clock.instant(), done, total, stored, preview));
    lastSent = done;
    lastSentAt = now;
  }
}
