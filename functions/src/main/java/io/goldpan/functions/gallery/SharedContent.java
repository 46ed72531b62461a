package io.goldpan.functions.gallery;

import io.goldpan.functions.jobs.JobService;
import io.goldpan.functions.jobs.JobView;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a share shows: its one image, or the images of its group that its {@link ShareContents}
 * picks, never a purged one. The share page, its preview image and the owner's Shares list all read
 * it here, so they cannot disagree.
 */
@Singleton
public class SharedContent {
  private final GalleryViews views;
  private final JobService jobs;

  public SharedContent(GalleryViews views, JobService jobs) {
    this.views = views;
    this.jobs = jobs;
  }

  /** A group's row (one style or variant) or the one job of an image share. */
  public record Section(String title, JobView job, List<GalleryJob.GalleryImage> images) {}

  /**
   * The shown images, by section; {@code group} tells a group share from an image share. Sections
   * with nothing to show are left out.
   */
  public record Shown(String prompt, boolean group, List<Section> sections) {
    public int imageCount() {
      return sections.stream().mapToInt(s -> s.images().size()).sum();
    }

    /** The first shown image and its job, for a preview. */
    public Optional<Preview> first() {
      return sections.stream()
          .filter(s -> !s.images().isEmpty())
          .findFirst()
          .map(s -> new Preview(s.job(), s.images().get(0)));
    }
  }

  /** One image and the job it belongs to. */
  public record Preview(JobView job, GalleryJob.GalleryImage image) {}

  /**
   * @throws GalleryNotFoundException when the shared group or job no longer exists
   */
  public Shown of(Share share) {
    if (share.groupId() != null) {
      JobGroup group =
          views
              .group(share.groupId(), share.owner())
              .orElseThrow(() -> new GalleryNotFoundException("group"));
      ShareContents contents = share.contents() == null ? ShareContents.ALL : share.contents();
      List<Section> sections = new ArrayList<>();
      for (GalleryJob g : views.ofGroup(group.id(), share.owner())) {
        List<GalleryJob.GalleryImage> shown =
            g.images().stream().filter(i -> contents.shows(i.mark())).toList();
        if (!shown.isEmpty()) {
          sections.add(
              new Section(
                  g.style() == null ? g.job().parameters().prompt() : g.style(), g.job(), shown));
        }
      }
      return new Shown(group.prompt(), true, sections);
    }
    GalleryJob g = views.of(jobs.find(share.owner(), share.jobId()));
    List<GalleryJob.GalleryImage> shown =
        g.images().stream()
            .filter(i -> i.index() == share.idx() && i.mark() != Mark.PURGED)
            .toList();
    List<Section> sections =
        shown.isEmpty()
            ? List.of()
            : List.of(new Section(g.job().parameters().prompt(), g.job(), shown));
    return new Shown(g.job().parameters().prompt(), false, sections);
  }
}
