package io.goldpan.functions.jobs;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;
import java.util.List;

/** A job as the API shows it to its owner, with freshly presigned image URLs. */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
public record JobView(
    String id,
    JobStatus status,
    String prompt,
    @Nullable String negativePrompt,
    int count,
    long seed,
    int width,
    int height,
    int steps,
    double guidance,
    String model,
    @Nullable String scheduler,
    Instant createdAt,
    @Nullable Instant startedAt,
    @Nullable Instant finishedAt,
    @Nullable Progress progress,
    @Nullable String error,
    @Nullable Timings timings,
    List<Image> images,
    /** Image to image: the picture it started from; left out for text to image. */
    @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable Init init,
    /** Image to image: how much of the picture it repainted; left out for text to image. */
    @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable Double strength) {

  /** The stored picture an image-to-image job started from. */
  @Serdeable
  @JsonInclude(JsonInclude.Include.ALWAYS)
  public record Init(String jobId, int index) {}

  /** How far a running job got. */
  @Serdeable
  @JsonInclude(JsonInclude.Include.ALWAYS)
  public record Progress(int step, int total) {}

  /** Where the runner spent its time, in milliseconds. */
  @Serdeable
  @JsonInclude(JsonInclude.Include.ALWAYS)
  public record Timings(
      @Nullable Long queueMs,
      @Nullable Long inferenceMs,
      @Nullable Long uploadMs,
      @Nullable Long totalMs) {}

  /** One finished image; the URLs stay valid for at least {@code goldpan.jobs.url-ttl}. */
  @Serdeable
  @JsonInclude(JsonInclude.Include.ALWAYS)
  public record Image(
      int index,
      long seed,
      int width,
      int height,
      String url,
      @Nullable String thumbUrl,
      @Nullable Scores scores) {}

  /**
   * How the runner's scorer rated an image (docs/scores.md): {@code aesthetic} roughly 1 to 10,
   * {@code promptMatch} CLIPScore from 0 up; the whole is {@code null} for an image without scores.
   */
  @Serdeable
  public record Scores(double aesthetic, double promptMatch) {}
}
