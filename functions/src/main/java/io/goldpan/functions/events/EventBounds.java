package io.goldpan.functions.events;

import io.goldpan.contract.ImageResult;
import io.goldpan.contract.JobLimits;
import io.goldpan.contract.RunnerEvent;
import io.goldpan.contract.StorageKeys;
import io.goldpan.contract.Timings;
import io.goldpan.functions.jobs.Job;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The bounds a runner event must keep, most of them set by its job: image indexes, keys and count
 * (of a SUCCEEDED event and of a PROGRESS event's images stored so far), progress steps, and times
 * near now. Problems name fields and numbers, never the event's text.
 */
final class EventBounds {
  /** How far a runner's clock may be off from ours. */
  static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

  /** SQS keeps a message at most 14 days, so no event is older. */
  static final Duration MAX_AGE = Duration.ofDays(14);

  private EventBounds() {}

  /** Why {@code event} cannot be about {@code job}, or {@code null} when it is within bounds. */
  static String problem(RunnerEvent event, Job job, Instant now) {
    if (event.at() != null) {
      if (event.at().isAfter(now.plus(CLOCK_SKEW))) {
        return "at is more than " + CLOCK_SKEW.toMinutes() + " minutes after now";
      }
      if (event.at().isBefore(job.createdAt().minus(CLOCK_SKEW))) {
        return "at is more than " + CLOCK_SKEW.toMinutes() + " minutes before the job was created";
      }
    }
    return switch (event.type()) {
      case PROGRESS -> progressProblem(event, job);
      case SUCCEEDED -> succeededProblem(event, job, now);
      default -> null;
    };
  }

  /** Why a heartbeat cannot be applied, or {@code null}. */
  static String heartbeatProblem(RunnerEvent event, Instant now) {
    if (event.runnerId() == null || event.runnerId().isBlank()) {
      return "RUNNER_HEARTBEAT has no runnerId";
    }
    if (event.at() != null) {
      if (event.at().isAfter(now.plus(CLOCK_SKEW))) {
        return "at is more than " + CLOCK_SKEW.toMinutes() + " minutes after now";
      }
      if (event.at().isBefore(now.minus(MAX_AGE))) {
        return "at is more than " + MAX_AGE.toDays() + " days before now";
      }
    }
    return null;
  }

  private static String progressProblem(RunnerEvent event, Job job) {
    if (event.step() == null || event.totalSteps() == null) {
      return "PROGRESS needs step and totalSteps";
    }
    int maxTotal = job.count() * job.steps();
    if (event.totalSteps() < 1 || event.totalSteps() > maxTotal) {
      return "totalSteps must be from 1 to "
          + maxTotal
          + " (count × steps), got "
          + event.totalSteps();
    }
    if (event.step() < 0 || event.step() > event.totalSteps()) {
      return "step must be from 0 to " + event.totalSteps() + " (totalSteps), got " + event.step();
    }
    if (event.preview() != null) {
      int index = event.preview().index();
      if (index < 0 || index >= job.count()) {
        return "preview.index must be from 0 to " + (job.count() - 1) + ", got " + index;
      }
      int step = event.preview().step();
      if (step < 0 || step > event.totalSteps()) {
        return "preview.step must be from 0 to "
            + event.totalSteps()
            + " (totalSteps), got "
            + step;
      }
    }
    return imagesProblem(event, job);
  }

  private static String succeededProblem(RunnerEvent event, Job job, Instant now) {
    String problem = imagesProblem(event, job);
    if (problem != null) {
      return problem;
    }
    return event.timings() == null ? null : timingsProblem(event.timings(), job, now);
  }

  /** The images a PROGRESS (stored so far) or SUCCEEDED (all) event lists: the job's own. */
  private static String imagesProblem(RunnerEvent event, Job job) {
    List<ImageResult> images = event.images() == null ? List.of() : event.images();
    if (images.size() > job.count()) {
      return event.type() + " has " + images.size() + " images but the job has " + job.count();
    }
    Set<Integer> seen = new HashSet<>();
    for (int i = 0; i < images.size(); i++) {
      String problem = imageProblem("images[" + i + "]", images.get(i), job, seen);
      if (problem != null) {
        return problem;
      }
    }
    return null;
  }

  private static String imageProblem(String name, ImageResult image, Job job, Set<Integer> seen) {
    if (image == null) {
      return name + " is null";
    }
    int index = image.index();
    if (index < 0 || index >= job.count()) {
      return name + ".index must be from 0 to " + (job.count() - 1) + ", got " + index;
    }
    if (!seen.add(index)) {
      return name + ".index " + index + " appears twice";
    }
    // Only the job's own deterministic keys: never another job's, or another owner's, objects.
    if (!StorageKeys.image(job.id(), index).equals(image.key())) {
      return name + ".key must be the job's key for image " + index;
    }
    if (image.thumbKey() != null
        && !StorageKeys.thumbnail(job.id(), index).equals(image.thumbKey())) {
      return name + ".thumbKey must be absent or the job's thumbnail key for image " + index;
    }
    if (image.seed() < 0 || image.seed() > JobLimits.SEED_MAX + JobLimits.COUNT_MAX) {
      return name
          + ".seed must be from 0 to "
          + (JobLimits.SEED_MAX + JobLimits.COUNT_MAX)
          + ", got "
          + image.seed();
    }
    if (image.width() < 1 || image.width() > JobLimits.SIZE_MAX) {
      return name + ".width must be from 1 to " + JobLimits.SIZE_MAX + ", got " + image.width();
    }
    if (image.height() < 1 || image.height() > JobLimits.SIZE_MAX) {
      return name + ".height must be from 1 to " + JobLimits.SIZE_MAX + ", got " + image.height();
    }
    return null;
  }

  /** No part of the job's time can be negative or longer than the job has existed. */
  private static String timingsProblem(Timings t, Job job, Instant now) {
    long ageMs = Duration.between(job.createdAt(), now).plus(CLOCK_SKEW).toMillis();
    String[] names = {"queueMs", "inferenceMs", "uploadMs", "totalMs"};
    long[] values = {t.queueMs(), t.inferenceMs(), t.uploadMs(), t.totalMs()};
    for (int i = 0; i < names.length; i++) {
      if (values[i] < 0 || values[i] > ageMs) {
        return "timings." + names[i] + " must be from 0 to the job's age, got " + values[i];
      }
    }
    return null;
  }
}
