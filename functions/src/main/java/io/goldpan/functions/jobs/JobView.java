package io.goldpan.functions.jobs;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.goldpan.contract.JobParameters;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;
import java.util.List;

/**
 * A job as the API shows it to its owner, with freshly presigned image URLs. Its parameters are
 * fields of the view itself, as in a submission; {@code negativePrompt}, {@code scheduler}, {@code
 * init} and {@code strength} are left out when the job has none.
 */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
public record JobView(
    String id,
    JobStatus status,
    @JsonUnwrapped JobParameters parameters,
    Instant createdAt,
    @Nullable Instant startedAt,
    @Nullable Instant finishedAt,
    @Nullable Progress progress,
    @Nullable String error,
    @Nullable Timings timings,
    List<Image> images) {

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
      int index, long seed, int width, int height, String url, @Nullable String thumbUrl) {}
}
