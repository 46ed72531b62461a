package io.goldpan.functions.gallery;

import io.goldpan.functions.jobs.JobImage;
import io.goldpan.functions.jobs.JobImageRepository;
import io.goldpan.functions.jobs.JobNotFoundException;
import io.goldpan.functions.jobs.JobService;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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

  /**
   * What purging the owner's discarded images would delete and free; its {@code confirm} names
   * exactly this set of images.
   */
  public record PurgePlan(int images, long bytes, String confirm) {}

  /** What a purge deleted: how many images, and the bytes of them and their thumbnails. */
  public record Purged(int images, long bytes) {}

  /**
   * How many of the owner's images are discarded and how many bytes their objects (image and
   * thumbnail) take in the bucket, measured there.
   */
  public PurgePlan purgePlan(String owner) {
    List<ImageMark> discarded = marks.findDiscarded(owner);
    long bytes = objects.sizes(objectKeys(discarded)).values().stream().mapToLong(v -> v).sum();
    return new PurgePlan(discarded.size(), bytes, fingerprint(discarded));
  }

  /**
   * Deletes the owner's discarded images (image and thumbnail) from S3, but only when {@code
   * confirm} is the {@link PurgePlan#confirm()} of exactly the images discarded now: a purge
   * confirmed for one set never deletes an image discarded since.
   *
   * @return what was deleted; empty when {@code confirm} does not match and nothing was deleted
   */
  public Optional<Purged> purge(String owner, @Nullable String confirm) {
    List<ImageMark> discarded = marks.findDiscarded(owner);
    if (confirm == null || !MessageDigest.isEqual(bytes(fingerprint(discarded)), bytes(confirm))) {
      return Optional.empty();
    }
    long size = objects.sizes(objectKeys(discarded)).values().stream().mapToLong(v -> v).sum();
    return Optional.of(new Purged(purge(discarded), size));
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
    List<String> keys = objectKeys(discarded);
    objects.delete(keys);
    Instant now = Instant.now(clock).truncatedTo(ChronoUnit.MILLIS);
    for (ImageMark m : discarded) {
      marks.update(m.key().jobId(), m.key().idx(), Mark.PURGED.name(), now);
    }
    LOG.info("purged discarded images: count={} objects={}", discarded.size(), keys.size());
    return discarded.size();
  }

  /** The image and thumbnail keys of the marked images. */
  private List<String> objectKeys(List<ImageMark> discarded) {
    if (discarded.isEmpty()) {
      return List.of();
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
    return keys;
  }

  /** Names a set of images, whatever order the database lists them in. */
  private static String fingerprint(List<ImageMark> images) {
    List<String> ids =
        images.stream().map(m -> m.key().jobId() + "/" + m.key().idx()).sorted().toList();
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      for (String id : ids) {
        sha.update(bytes(id + "\n"));
      }
      return HexFormat.of().formatHex(sha.digest(), 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
