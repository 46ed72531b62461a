package io.goldpan.functions.events;

import io.goldpan.contract.ImageResult;
import io.goldpan.contract.ImageScores;
import io.goldpan.contract.RunnerEvent;
import io.goldpan.contract.Timings;
import io.goldpan.functions.jobs.Job;
import io.goldpan.functions.jobs.JobImage;
import io.goldpan.functions.jobs.JobImageRepository;
import io.goldpan.functions.jobs.JobPreview;
import io.goldpan.functions.jobs.JobPreviewRepository;
import io.goldpan.functions.jobs.JobRepository;
import io.goldpan.functions.push.PushOutbox;
import io.goldpan.functions.runners.KnownRunner;
import io.goldpan.functions.runners.RunnerRepository;
import io.goldpan.functions.webhooks.WebhookOutbox;
import jakarta.inject.Singleton;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies runner events to job rows. Every transition is a guarded update, so duplicated,
 * redelivered or reordered events are harmless: a terminal job never changes again. An event
 * outside its job's bounds ({@link EventBounds}) changes nothing and is refused.
 */
@Singleton
public class JobEvents {
  static final int ERROR_MAX_CHARS = 2000;
  private static final int ID_MAX_CHARS = 128;
  private static final Logger LOG = LoggerFactory.getLogger(JobEvents.class);

  private final JobRepository jobs;
  private final JobImageRepository images;
  private final JobPreviewRepository previews;
  private final RunnerRepository runners;
  private final WebhookOutbox webhooks;
  private final PushOutbox push;
  private final Clock clock;

  public JobEvents(
      JobRepository jobs,
      JobImageRepository images,
      JobPreviewRepository previews,
      RunnerRepository runners,
      WebhookOutbox webhooks,
      PushOutbox push,
      Clock clock) {
    this.jobs = jobs;
    this.previews = previews;
    this.webhooks = webhooks;
    this.push = push;
    this.images = images;
    this.runners = runners;
    this.clock = clock;
  }

  /**
   * Applies one event; events about unknown jobs are ignored.
   *
   * @throws InvalidEventException when the event is outside its job's bounds ({@link EventBounds}):
   *     permanent, do not retry
   */
  @Transactional
  public void apply(RunnerEvent event) {
    Instant now = Instant.now(clock).truncatedTo(ChronoUnit.MILLIS);
    Instant at = event.at() == null ? now : event.at().truncatedTo(ChronoUnit.MILLIS);
    switch (event.type()) {
      case RUNNER_HEARTBEAT -> heartbeat(event, at, now);
      case STARTED ->
          jobEvent(
              event,
              at,
              now,
              () -> jobs.markStarted(event.jobId(), limit(event.runnerId()), at, now));
      case PROGRESS -> jobEvent(event, at, now, () -> progress(event, at, now));
      case SUCCEEDED -> jobEvent(event, at, now, () -> succeeded(event, at, now));
      case FAILED ->
          jobEvent(event, at, now, () -> jobs.markFailed(event.jobId(), error(event), at, now));
      case CANCELLED -> jobEvent(event, at, now, () -> jobs.markCancelled(event.jobId(), at, now));
    }
  }

  private void jobEvent(RunnerEvent event, Instant at, Instant now, Transition transition) {
    Optional<Job> job = jobs.findById(event.jobId());
    if (job.isEmpty()) {
      LOG.debug("event for an unknown job ignored: type={} jobId={}", event.type(), event.jobId());
      return;
    }
    String problem = EventBounds.problem(event, job.get(), now);
    if (problem != null) {
      throw new InvalidEventException(event.jobId(), problem);
    }
    if (transition.apply() == 0) {
      LOG.debug(
          "event changed nothing (duplicate or out of order): type={} jobId={}",
          event.type(),
          event.jobId());
    } else {
      recordWebhooks(event);
      recordPush(event, job.get());
    }
    // A runner painting a job is awake whatever became of its last heartbeat (sent once, never
    // retried): without this the status line could say "runner asleep" beside a job it paints.
    if (event.runnerId() != null && !event.runnerId().isBlank()) {
      runners.seen(limit(event.runnerId()), at);
    }
  }

  /** In the event's transaction: a webhook learns of a change only if the change is stored. */
  private void recordWebhooks(RunnerEvent event) {
    List<Integer> stored =
        event.images() == null
            ? List.of()
            : event.images().stream().map(ImageResult::index).toList();
    switch (event.type()) {
      case STARTED -> webhooks.started(event.jobId());
      case PROGRESS -> webhooks.imagesStored(event.jobId(), stored);
      case SUCCEEDED -> {
        webhooks.imagesStored(event.jobId(), stored);
        webhooks.completed(event.jobId());
      }
      case FAILED, CANCELLED -> webhooks.completed(event.jobId());
      case RUNNER_HEARTBEAT -> {}
    }
  }

  /** In the event's transaction too: the owner's devices hear of a job that is now terminal. */
  private void recordPush(RunnerEvent event, Job job) {
    switch (event.type()) {
      case SUCCEEDED, FAILED, CANCELLED -> push.finished(event.jobId(), job.owner());
      case STARTED, PROGRESS, RUNNER_HEARTBEAT -> {}
    }
  }

  private int progress(RunnerEvent event, Instant at, Instant now) {
    int changed = jobs.markProgress(event.jobId(), event.step(), event.totalSteps(), at, now);
    if (changed != 0 && event.preview() != null) {
      savePreview(event.jobId(), event.preview().index(), event.preview().step());
    }
    if (changed == 0 || event.images() == null || event.images().isEmpty()) {
      return changed;
    }
    // The job row is now locked and not terminal, so no SUCCEEDED can interleave; the list is
    // cumulative, so replacing the rows keeps a duplicate harmless. A late or out-of-order
    // PROGRESS changed no row above and writes nothing.
    saveImages(event.jobId(), event.images());
    return changed;
  }

  /** The row is locked by the progress just recorded: an update, else the first insert. */
  private void savePreview(String jobId, int index, int step) {
    if (previews.replace(jobId, index, step) == 0 && previews.countByJobId(jobId) == 0) {
      previews.save(new JobPreview(jobId, index, step));
    }
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
    // Only the event that made the job SUCCEEDED writes its images; replacing keeps it idempotent.
    saveImages(jobId, event.images() == null ? List.of() : event.images());
    return changed;
  }

  /** Replaces the job's image rows with {@code list} (keys already checked by EventBounds). */
  private void saveImages(String jobId, List<ImageResult> list) {
    images.deleteByJobId(jobId);
    for (ImageResult image : list) {
      // an implausible score is a broken scorer's: the image is kept, unscored
      ImageScores scores =
          image.scores() != null && image.scores().plausible() ? image.scores() : null;
      images.save(
          new JobImage(
              new JobImage.Key(jobId, image.index()),
              image.seed(),
              image.key(),
              image.thumbKey(),
              image.width(),
              image.height(),
              scores == null ? null : scores.aesthetic(),
              scores == null ? null : scores.promptMatch()));
    }
  }

  private void heartbeat(RunnerEvent event, Instant at, Instant now) {
    String problem = EventBounds.heartbeatProblem(event, now);
    if (problem != null) {
      throw new InvalidEventException(null, problem);
    }
    String runnerId = limit(event.runnerId());
    String models = event.models() == null ? "" : limit(String.join(",", event.models()), 1000);
    String provider =
        event.executionProvider() == null ? null : limit(event.executionProvider(), 64);
    String varying =
        event.varyingModels() == null ? null : limit(String.join(",", event.varyingModels()), 1000);
    String fast =
        event.fastModels() == null ? null : limit(String.join(",", event.fastModels()), 1000);
    if (runners.touch(runnerId, at, models, provider, varying, fast) == 0) {
      runners.save(new KnownRunner(runnerId, at, models, provider, varying, fast));
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
