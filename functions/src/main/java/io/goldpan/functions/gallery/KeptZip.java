package io.goldpan.functions.gallery;

import io.goldpan.contract.StorageKeys;
import io.goldpan.functions.jobs.JobImage;
import io.goldpan.functions.jobs.JobImageRepository;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Writes a group's kept images as a zip, streaming each object from the bucket in turn. */
@Singleton
public class KeptZip {
  private static final int SLUG_MAX_CHARS = 40;

  private final GalleryJobs jobs;
  private final JobGroupRepository groups;
  private final JobImageRepository images;
  private final ImageMarkRepository marks;
  private final ImageObjects objects;
  private final GroupedJobRepository grouped;

  public KeptZip(
      GalleryJobs jobs,
      JobGroupRepository groups,
      JobImageRepository images,
      ImageMarkRepository marks,
      ImageObjects objects,
      GroupedJobRepository grouped) {
    this.grouped = grouped;
    this.jobs = jobs;
    this.groups = groups;
    this.images = images;
    this.marks = marks;
    this.objects = objects;
  }

  /**
   * The kept images of the owner's group, in order; empty when none is kept.
   *
   * @throws GalleryNotFoundException for another owner's group
   */
  public List<JobImage> keptImages(String owner, String groupId) {
    groups
        .findByIdAndOwner(groupId, owner)
        .orElseThrow(() -> new GalleryNotFoundException("group " + groupId));
    List<String> jobIds = jobs.findByGroup(groupId, owner).stream().map(j -> j.id()).toList();
    if (jobIds.isEmpty()) {
      return List.of();
    }
    Map<String, Mark> kept =
        marks.findByJobIds(jobIds).stream()
            .filter(m -> m.mark() == Mark.KEPT)
            .collect(Collectors.toMap(m -> m.key().jobId() + "/" + m.key().idx(), ImageMark::mark));
    List<JobImage> out = new ArrayList<>();
    for (JobImage image : images.findByJobIds(jobIds)) {
      if (kept.containsKey(image.key().jobId() + "/" + image.key().idx())) {
        out.add(image);
      }
    }
    return out;
  }

  /**
   * Writes {@code kept} to {@code out} as a zip, one entry each named by style, seed and number in
   * its job, e.g. {@code ukiyo-e_seed-1234_03.png}; see {@link #entryNames}.
   */
  public void write(List<JobImage> kept, OutputStream out) {
    List<JobImage> valid = kept.stream().filter(i -> StorageKeys.isJobId(i.key().jobId())).toList();
    List<String> jobIds = valid.stream().map(i -> i.key().jobId()).distinct().toList();
    Map<String, String> styles = new HashMap<>();
    if (!jobIds.isEmpty()) {
      for (GroupedJob g : grouped.findByIds(jobIds)) {
        if (g.style() != null) {
          styles.put(g.id(), g.style());
        }
      }
    }
    List<String> names = entryNames(valid, styles);
    try (ZipOutputStream zip = new ZipOutputStream(out)) {
      for (int i = 0; i < valid.size(); i++) {
        zip.putNextEntry(new ZipEntry(names.get(i)));
        objects.copy(valid.get(i).imageKey(), zip);
        zip.closeEntry();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("writing the zip failed", e);
    }
  }

  /**
   * One file name per image, in order: {@code {style}_seed-{seed}_{nn}.png} with the style in
   * lower-case ASCII letters, digits and dashes ({@code image} without a style) and {@code nn} the
   * image's number in its job; a name already taken gets {@code -2}, {@code -3}… before {@code
   * .png}.
   */
  static List<String> entryNames(List<JobImage> images, Map<String, String> styleByJob) {
    Set<String> taken = new HashSet<>();
    List<String> names = new ArrayList<>();
    for (JobImage image : images) {
      String base =
          slug(styleByJob.get(image.key().jobId()))
              + "_seed-"
              + image.seed()
              + "_"
              + String.format(Locale.ROOT, "%02d", image.key().idx() + 1);
      String name = base + ".png";
      for (int n = 2; !taken.add(name); n++) {
        name = base + "-" + n + ".png";
      }
      names.add(name);
    }
    return names;
  }

  private static String slug(@Nullable String style) {
    if (style == null) {
      return "image";
    }
    String ascii =
        Normalizer.normalize(style, Normalizer.Form.NFKD)
            .replaceAll("[^\\p{ASCII}]", "")
            .toLowerCase(Locale.ROOT)
            .replaceAll("[^a-z0-9]+", "-")
            .replaceAll("^-+|-+$", "");
    if (ascii.length() > SLUG_MAX_CHARS) {
      ascii = ascii.substring(0, SLUG_MAX_CHARS).replaceAll("-+$", "");
    }
    return ascii.isEmpty() ? "image" : ascii;
  }
}
