package io.goldpan.functions.gallery;

import io.micronaut.data.annotation.Embeddable;
import io.micronaut.data.annotation.EmbeddedId;
import io.micronaut.data.annotation.MappedEntity;
import io.micronaut.data.annotation.MappedProperty;
import java.time.Instant;

/** A row of {@code image_marks}: keep or discard, per image. No row means undecided. */
@MappedEntity(value = "image_marks", escape = false)
public record ImageMark(@EmbeddedId Key key, Mark mark, Instant updatedAt) {

  /** Primary key: the job and the image's index in it. */
  @Embeddable
  public record Key(@MappedProperty("job_id") String jobId, @MappedProperty("idx") int idx) {}
}
