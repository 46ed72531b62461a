package io.goldpan.functions.status;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;
import java.util.List;

/**
 * What the phone needs to say "runner asleep, 7 queued".
 *
 * @param runners runners seen within {@code goldpan.status.runner-recent}, most recent first
 * @param runnerAwake whether any runner was seen recently
 * @param queueDepth SQS's approximate number of waiting job messages; {@code null} when unknown
 * @param queued the caller's own QUEUED jobs
 * @param quota what the caller has used of their quotas, and may use
 */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
public record StatusView(
    List<RunnerView> runners,
    boolean runnerAwake,
    @Nullable Long queueDepth,
    long queued,
    QuotaView quota) {

  /** The caller's quotas: unfinished jobs and images in the last 24 h, used and allowed. */
  @Serdeable
  @JsonInclude(JsonInclude.Include.ALWAYS)
  public record QuotaView(long unfinished, int maxUnfinished, long imagesToday, int imagesPerDay) {
    /** Images the caller may still ask for today. */
    public long imagesLeft() {
      return Math.max(0, imagesPerDay - imagesToday);
    }
  }

  /** One recently seen runner. */
  @Serdeable
  @JsonInclude(JsonInclude.Include.ALWAYS)
  public record RunnerView(
      String id, Instant lastSeenAt, List<String> models, @Nullable String executionProvider) {}

  /** One line for people, e.g. "runner asleep, 7 queued". */
  public String summary() {
    String runner =
        runnerAwake
            ? runners.size() == 1 ? "1 runner awake" : runners.size() + " runners awake"
            : "runner asleep";
    return runner
        + ", "
        + queued
        + " queued, "
        + quota.imagesLeft()
        + " of "
        + quota.imagesPerDay()
        + " images left today";
  }
}
