package io.goldpan.functions.gallery;

import io.goldpan.contract.StorageKeys;
import io.goldpan.functions.jobs.JobImage;
import io.goldpan.functions.jobs.JobImageRepository;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Writes a group's kept images as a zip, streaming each object from the bucket in turn. */
@Singleton
public class KeptZip {
  private final GalleryJobs jobs;
  private final JobGroupRepository groups;
  private final JobImageRepository images;
  private final ImageMarkRepository marks;
  private final ImageObjects objects;

  public KeptZip(
      GalleryJobs jobs,
      JobGroupRepository groups,
      JobImageRepository images,
      ImageMarkRepository marks,
      ImageObjects objects) {
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

  /** Writes {@code kept} to {@code out} as a zip, one {@code {jobId}-{n}.png} entry each. */
  public void write(List<JobImage> kept, OutputStream out) {
    try (ZipOutputStream zip = new ZipOutputStream(out)) {
      for (JobImage image : kept) {
        String jobId = image.key().jobId();
        if (!StorageKeys.isJobId(jobId)) {
          continue;
        }
        zip.putNextEntry(new ZipEntry(jobId + "-" + image.key().idx() + ".png"));
        objects.copy(image.imageKey(), zip);
        zip.closeEntry();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("writing the zip failed", e);
    }
  }
}
