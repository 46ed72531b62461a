package io.goldpan.functions.gallery;

import io.goldpan.functions.jobs.JobView;
import io.micronaut.core.annotation.Nullable;
import java.util.List;

/**
 * A job as the gallery shows it: the API's view plus its group, style, place in the queue and each
 * image's mark.
 *
 * @param queuePosition 1 for the next job a runner takes; {@code null} unless QUEUED
 */
public record GalleryJob(
    JobView job,
    @Nullable String groupId,
    @Nullable String style,
    @Nullable Long queuePosition,
    List<GalleryImage> images) {

  /**
   * One image with fresh signed URLs; {@code mark} is {@code null} while undecided, {@code scores}
   * without a scorer.
   */
  public record GalleryImage(
      String jobId,
      int index,
      long seed,
      String url,
      @Nullable String thumbUrl,
      @Nullable Mark mark,
      @Nullable JobView.Scores scores) {

    public boolean visibleByDefault() {
      return mark != Mark.DISCARDED && mark != Mark.PURGED;
    }
  }
}
