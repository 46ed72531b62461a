package io.goldpan.functions.gallery;

import io.goldpan.functions.jobs.JobImage;
import io.goldpan.functions.jobs.JobImageRepository;
import io.goldpan.functions.jobs.JobNotFoundException;
import io.goldpan.functions.jobs.JobService;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Keep or discard images, and purge the discarded ones from the bucket. */
@Singleton
public class Triage {
  private static final Logger LOG = LoggerFactory.getLogger(Triage.class);

  private final JobService jobs;
  private final JobImageRepository images;
  private final ImageMarkRepository marks;
  private final ImageObjects objects;
  private final Clock clock;

  public Triage(
      JobService jobs,
      JobImageRepository images,
      ImageMarkRepository marks,
      ImageObjects objects,
      Clock clock) {
    this.jobs = jobs;
    this.images = images;
    this.marks = marks;
    this.objects = objects;
    this.clock = clock;
  }

  /**
   * Marks one of the owner's images; {@code null} makes it undecided again. A purged image stays
   * purged.
   *
   * @throws JobNotFoundException for another owner's job
   * @throws GalleryNotFoundException when the job has no such image
   */
  public void mark(String owner, String jobId, int index, @Nullable Mark mark) {
    jobs.find(owner, jobId);
    boolean exists =
        images.findByJobIds(List.of(jobId)).stream().anyMatch(i -> i.key().idx() == index);
    if (!exists) {
      throw new GalleryNotFoundException("image " + index + " of job " + jobId);
    }
    if (mark == null) {
      marks.clear(jobId, index);
      return;
    }
    Instant now = Instant.now(clock).truncatedTo(ChronoUnit.MILLIS);
    if (marks.update(jobId, index, mark.name(), now) == 0) {
      try {
        marks.save(new ImageMark(new ImageMark.Key(jobId, index), mark, now));
      } catch (RuntimeException e) {
        // Either a concurrent first mark won the insert, or the image is purged: retry the update.
        marks.update(jobId, index, mark.name(), now);
      }
    }
  }

  public long discardedCount(String owner) {
    return marks.countDiscarded(owner);
  }

  /** Deletes every discarded image of the owner (image and thumbnail) from S3; returns how many. */
  public int purgeDiscarded(String owner) {
    return purge(marks.findDiscarded(owner));
  }

  /**
   * Deletes, for every owner, images discarded before {@code before} and not kept since; returns
   * how many. A discard can be undone until then.
   */
  public int purgeDiscardedBefore(Instant before, int limit) {
    return purge(marks.findDiscardedBefore(before, limit));
  }

  private int purge(List<ImageMark> discarded) {
    if (discarded.isEmpty()) {
      return 0;
    }
    List<String> jobIds = discarded.stream().map(m -> m.key().jobId()).distinct().toList();
    Map<String, JobImage> byKey =
        images.findByJobIds(jobIds).stream()
            .collect(
                Collectors.toMap(i -> i.key().jobId() + "/" + i.key().idx(), Function.identity()));
    List<String> keys = new ArrayList<>();
    for (ImageMark m : discarded) {
      JobImage image = byKey.get(m.key().jobId() + "/" + m.key().idx());
      if (image != null) {
        keys.add(image.imageKey());
        if (image.thumbKey() != null) {
          keys.add(image.thumbKey());
        }
      }
    }
    objects.delete(keys);
    Instant now = Instant.now(clock).truncatedTo(ChronoUnit.MILLIS);
    for (ImageMark m : discarded) {
      marks.update(m.key().jobId(), m.key().idx(), Mark.PURGED.name(), now);
    }
    LOG.info("purged discarded images: count={} objects={}", discarded.size(), keys.size());
    return discarded.size();
  }
}
