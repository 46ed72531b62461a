package io.goldpan.functions.jobs;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Embeddable;
import io.micronaut.data.annotation.EmbeddedId;
import io.micronaut.data.annotation.MappedEntity;
import io.micronaut.data.annotation.MappedProperty;

/**
 * A row of {@code job_images}: the S3 keys of one finished image (URLs are never stored) and the
 * scores the runner gave it, {@code null} without a scorer.
 */
@MappedEntity(value = "job_images", escape = false)
public record JobImage(
    @EmbeddedId Key key,
    long seed,
    String imageKey,
    @Nullable String thumbKey,
    int width,
    int height,
    @Nullable Double aesthetic,
    @Nullable Double promptMatch) {

  /** Primary key: the job and the image's index in it. */
  @Embeddable
  public record Key(@MappedProperty("job_id") String jobId, @MappedProperty("idx") int idx) {}
}
