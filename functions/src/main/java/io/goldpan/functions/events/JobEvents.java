package io.goldpan.functions.events;

import io.goldpan.contract.ContractException;
import io.goldpan.contract.ImageResult;
import io.goldpan.contract.RunnerEvent;
import io.goldpan.contract.StorageKeys;
import io.goldpan.contract.Timings;
import io.goldpan.functions.jobs.JobImage;
import io.goldpan.functions.jobs.JobImageRepository;
import io.goldpan.functions.jobs.JobRepository;
import io.goldpan.functions.runners.KnownRunner;
import io.goldpan.functions.runners.RunnerRepository;
import jakarta.inject.Singleton;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies runner events to job rows. Every transition is a guarded update, so duplicated,
 * redelivered or reordered events are harmless: a terminal job never changes again.
 */
@Singleton
public class JobEvents {
  static final int ERROR_MAX_CHARS = 2000;
  private static final int ID_MAX_CHARS = 128;
  private static final Logger LOG = LoggerFactory.getLogger(JobEvents.class);

  private final JobRepository jobs;
  private final JobImageRepository images;
  private final RunnerRepository runners;
  private final Clock clock;

  public JobEvents(
      JobRepository jobs, JobImageRepository images, RunnerRepository runners, Clock clock) {
    this.jobs = jobs;
    this.images = images;
    this.runners = runners;
    this.clock = clock;
  }

  /**
   * Applies one event; events about unknown jobs are ignored.
   *
   * @throws ContractException when the event lacks what its type needs (permanent: do not retry)
   */
  @Transactional
  public void apply(RunnerEvent event) {
    Instant now = Instant.now(clock).truncatedTo(ChronoUnit.MILLIS);
    Instant at = event.at() == null ? now : event.at().truncatedTo(ChronoUnit.MILLIS);
    switch (event.type()) {
      case RUNNER_HEARTBEAT -> heartbeat(event, at);
      case STARTED ->
          jobEvent(event, () -> jobs.markStarted(event.jobId(), limit(event.runnerId()), at, now));
      case PROGRESS -> jobEvent(event, () -> progress(event, at, now));
      case SUCCEEDED -> jobEvent(event, () -> succeeded(event, at, now));
      case FAILED -> jobEvent(event, () -> jobs.markFailed(event.jobId(), error(event), at, now));
      case CANCELLED -> jobEvent(event, () -> jobs.markCancelled(event.jobId(), at, now));
    }
  }

  private void jobEvent(RunnerEvent event, Transition transition) {
    if (!jobs.existsById(event.jobId())) {
      LOG.debug("event for an unknown job ignored: type={} jobId={}", event.type(), event.jobId());
      return;
    }
    if (transition.apply() == 0) {
      LOG.debug(
          "event changed nothing (duplicate or out of order): type={} jobId={}",
          event.type(),
          event.jobId());
    }
  }

  private int progress(RunnerEvent event, Instant at, Instant now) {
    if (event.step() == null || event.totalSteps() == null) {
      throw new ContractException(
          "PROGRESS event for jobId=" + event.jobId() + " lacks step or totalSteps");
    }
    return jobs.markProgress(event.jobId(), event.step(), event.totalSteps(), at, now);
  }

  private int succeeded(RunnerEvent event, Instant at, Instant now) {
    String jobId = event.jobId();
    Timings t = event.timings();
    int changed =
        t == null
            ? jobs.markSucceeded(jobId, at, null, null, null, null, now)
            : jobs.markSucceeded(
                jobId, at, t.queueMs(), t.inferenceMs(), t.uploadMs(), t.totalMs(), now);
    if (changed == 0) {
      return 0;
    }
    // Only the event that made the job SUCCEEDED writes images; replacing keeps it idempotent.
    images.deleteByJobId(jobId);
    List<ImageResult> results = event.images() == null ? List.of() : event.images();
    for (ImageResult image : results) {
      if (!belongsTo(jobId, image)) {
        LOG.warn("image outside the job's keys ignored: jobId={} index={}", jobId, image.index());
        continue;
      }
      images.save(
          new JobImage(
              new JobImage.Key(jobId, image.index()),
              image.seed(),
              image.key(),
              image.thumbKey(),
              image.width(),
              image.height()));
    }
    return changed;
  }

  /** A runner may only point at its own job's objects, never at another owner's images. */
  private static boolean belongsTo(String jobId, ImageResult image) {
    String thumbPrefix = "thumbs/" + jobId + "/";
    return image.key() != null
        && image.key().startsWith(StorageKeys.imagePrefix(jobId))
        && !image.key().contains("..")
        && (image.thumbKey() == null
            || (image.thumbKey().startsWith(thumbPrefix) && !image.thumbKey().contains("..")));
  }

  private void heartbeat(RunnerEvent event, Instant at) {
    String runnerId = event.runnerId();
    if (runnerId == null || runnerId.isBlank()) {
      throw new ContractException("RUNNER_HEARTBEAT event has no runnerId");
    }
    runnerId = limit(runnerId);
    String models = event.models() == null ? "" : limit(String.join(",", event.models()), 1000);
    String provider =
        event.executionProvider() == null ? null : limit(event.executionProvider(), 64);
    if (runners.touch(runnerId, at, models, provider) == 0) {
      runners.save(new KnownRunner(runnerId, at, models, provider));
    }
  }

  private static String error(RunnerEvent event) {
    String error = event.error();
    if (error == null || error.isBlank()) {
      return "the runner reported a failure without a reason";
    }
    return limit(error, ERROR_MAX_CHARS);
  }

  private static String limit(String text) {
    return text == null ? null : limit(text, ID_MAX_CHARS);
  }

  private static String limit(String text, int max) {
    return text.length() <= max ? text : text.substring(0, max);
  }

  @FunctionalInterface
  private interface Transition {
    int apply();
  }
}
