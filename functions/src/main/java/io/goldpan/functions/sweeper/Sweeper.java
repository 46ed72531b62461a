package io.goldpan.functions.sweeper;

import io.goldpan.contract.ImageResult;
import io.goldpan.contract.RunnerEvent;
import io.goldpan.contract.StorageKeys;
import io.goldpan.functions.events.JobEvents;
import io.goldpan.functions.gallery.ImageObjects;
import io.goldpan.functions.gallery.Triage;
import io.goldpan.functions.jobs.FairShare;
import io.goldpan.functions.jobs.Job;
import io.goldpan.functions.jobs.JobImageRepository;
import io.goldpan.functions.jobs.JobRepository;
import io.goldpan.functions.jobs.StoredImages;
import io.goldpan.functions.jobs.SubmitKeys;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes sure every job gets somewhere: re-sends jobs whose message SQS never acknowledged, expires
 * QUEUED jobs past their deadline and fails RUNNING jobs nobody has reported on for too long. A job
 * about to be expired or failed whose images are all in the bucket was painted, and only its events
 * were lost: it is marked succeeded with them instead.
 */
@Singleton
public class Sweeper {
  static final String EXPIRED_ERROR = "no runner took the job before its deadline";
  static final String STALE_ERROR =
      "the runner stopped reporting on this job (no progress for too long); submit it again";
  static final String UNSENDABLE_ERROR =
      "the jobs queue refused this job on every try; submit it again, and if it fails again,"
          + " check the functions' log";

  /** Failed re-sends before an unsent job is given up on. */
  static final int MAX_SEND_ATTEMPTS = 10;

  /** Who a recovered result is reported as, in place of the runner whose events were lost. */
  static final String RECOVERED_BY = "sweeper";

  private static final int BATCH = 100;
  private static final Logger LOG = LoggerFactory.getLogger(Sweeper.class);

  private final JobRepository jobs;
  private final FairShare fairShare;
  private final JobEvents events;
  private final StoredImages images;
  private final JobImageRepository imageRows;
  private final ImageObjects objects;
  private final Triage triage;
  private final SubmitKeys submitKeys;
  private final SweeperConfig config;
  private final Clock clock;

  public Sweeper(
      JobRepository jobs,
      FairShare fairShare,
      JobEvents events,
      StoredImages images,
      JobImageRepository imageRows,
      ImageObjects objects,
      Triage triage,
      SubmitKeys submitKeys,
      SweeperConfig config,
      Clock clock) {
    this.jobs = jobs;
    this.fairShare = fairShare;
    this.events = events;
    this.images = images;
    this.imageRows = imageRows;
    this.objects = objects;
    this.triage = triage;
    this.submitKeys = submitKeys;
    this.config = config;
    this.clock = clock;
  }

  /** What one sweep did. */
  public record Result(
      int resent,
      int unsent,
      int expired,
      int stale,
      int recovered,
      int unsendable,
      int cancelledCleaned,
      int discardedPurged) {}

  /** One pass: expire first, so a job past its deadline is never sent. */
  public Result sweepOnce() {
    Instant now = Instant.now(clock).truncatedTo(ChronoUnit.MILLIS);
    Instant staleBefore = now.minus(config.staleRunning());
    List<Job> ending = new ArrayList<>(jobs.findPastDeadline(now, BATCH));
    ending.addAll(jobs.findStaleRunning(staleBefore, BATCH));
    int recovered = 0;
    for (Job job : ending) {
      if (recoverFromStorage(job, now)) {
        recovered++;
      }
    }
    int expired = jobs.markExpired(EXPIRED_ERROR, now);
    int stale = jobs.markStaleRunningFailed(STALE_ERROR, staleBefore, now);
    int unsendable = jobs.markUnsendableFailed(UNSENDABLE_ERROR, MAX_SEND_ATTEMPTS, now);
    FairShare.Released released = fairShare.releaseWaiting(now.minus(config.resendAfter()), BATCH);
    submitKeys.expire();
    int cleaned = removeCancelledObjects(now);
    int purged = triage.purgeDiscardedBefore(now.minus(config.discardedGrace()), BATCH);
    Result result =
        new Result(
            released.sent(),
            released.failed(),
            expired,
            stale,
            recovered,
            unsendable,
            cleaned,
            purged);
    if (expired
            + stale
            + recovered
            + unsendable
            + cleaned
            + purged
            + released.sent()
            + released.failed()
        > 0) {
      LOG.info(
          "sweep: resent={} stillUnsent={} expired={} staleFailed={} recovered={} unsendable={}"
              + " cancelledCleaned={} discardedPurged={}",
          released.sent(),
          released.failed(),
          expired,
          stale,
          recovered,
          unsendable,
          cleaned,
          purged);
    }
    return result;
  }

  /**
   * Deletes what cancelled jobs left in the bucket once their runner has had time to stop: images
   * stored after the cancel (no row points at them) and the cancel marker. Images the job's page
   * showed before the cancel (its progress events recorded them) stay.
   */
  private int removeCancelledObjects(Instant now) {
    int cleaned = 0;
    for (Job job : jobs.findCancelledWithObjects(now.minus(config.cancelledGrace()), BATCH)) {
      Set<Integer> shown = new HashSet<>();
      imageRows.findByJobIds(List.of(job.id())).forEach(row -> shown.add(row.key().idx()));
      List<String> keys = new ArrayList<>();
      for (int i = 0; i < job.count(); i++) {
        if (shown.contains(i)) {
          continue;
        }
        keys.add(StorageKeys.image(job.id(), i));
        keys.add(StorageKeys.thumbnail(job.id(), i));
      }
      keys.add(StorageKeys.cancelMarker(job.id()));
      try {
        objects.delete(keys);
      } catch (RuntimeException e) {
        LOG.warn(
            "jobId={} cannot delete the cancelled job's objects yet: {}", job.id(), e.getMessage());
        continue;
      }
      jobs.markObjectsRemoved(job.id(), now);
      cleaned++;
    }
    return cleaned;
  }

  /**
   * Marks {@code job} succeeded when every one of its images is in the bucket (a runner painted it
   * and its events were lost); returns whether it did. Storage that cannot be asked decides
   * nothing: the job is then failed or expired as before, since its result cannot be shown anyway.
   */
  private boolean recoverFromStorage(Job job, Instant now) {
    Optional<List<ImageResult>> found;
    try {
      found = storedImages(job);
    } catch (RuntimeException e) {
      LOG.warn("jobId={} cannot look for its images: {}", job.id(), e.getMessage());
      return false;
    }
    if (found.isEmpty()) {
      return false;
    }
    // No timings: nobody knows how long it took.
    events.apply(RunnerEvent.succeeded(job.id(), RECOVERED_BY, now, found.get(), null));
    LOG.info(
        "jobId={} marked succeeded from the {} image(s) found in storage; its events were lost",
        job.id(),
        job.count());
    return true;
  }

  private Optional<List<ImageResult>> storedImages(Job job) {
    List<ImageResult> found = new ArrayList<>();
    for (int i = 0; i < job.count(); i++) {
      String key = StorageKeys.image(job.id(), i);
      if (!images.exists(key)) {
        return Optional.empty();
      }
      String thumb = StorageKeys.thumbnail(job.id(), i);
      found.add(
          new ImageResult(
              i,
              job.seed() + i,
              key,
              images.exists(thumb) ? thumb : null,
              job.width(),
              job.height()));
    }
    return Optional.of(found);
  }
}
