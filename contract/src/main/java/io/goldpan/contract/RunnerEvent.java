package io.goldpan.contract;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;

/**
 * What a runner reports on the events queue. One shape for every {@link EventType}; fields that do
 * not apply to a type are {@code null}.
 *
 * @param v contract version, {@link Contract#VERSION}
 * @param type what happened
 * @param jobId the job it is about ({@code null} for {@link EventType#RUNNER_HEARTBEAT})
 * @param runnerId which runner sent it
 * @param at when it happened, by the runner's clock
 * @param step for {@link EventType#PROGRESS}: units done so far
 * @param totalSteps for {@link EventType#PROGRESS}: units in the whole job
 * @param images for {@link EventType#SUCCEEDED}: every image, by index; for {@link
 *     EventType#PROGRESS} (optional): every image of the job stored so far, so a newer progress
 *     event that replaces an older one waiting to be sent never loses an image
 * @param timings for {@link EventType#SUCCEEDED}
 * @param error for {@link EventType#FAILED}: a reason a person can read
 * @param models for {@link EventType#RUNNER_HEARTBEAT}: the models this runner can paint with
 * @param executionProvider for {@link EventType#RUNNER_HEARTBEAT}: e.g. {@code CUDA} or {@code CPU}
 * @param varyingModels for {@link EventType#RUNNER_HEARTBEAT} (optional): those of {@code models}
 *     that can start from a picture (image to image: their export has a VAE encoder); {@code null}
 *     from runners that do not say
 * @param preview for {@link EventType#PROGRESS} (optional): the latest preview stored under {@link
 *     StorageKeys#preview}, repeated in every later progress event of the job so a newer event that
 *     replaces an older one waiting to be sent never loses it; {@code null} when there is none
 * @param fastModels for {@link EventType#RUNNER_HEARTBEAT} (optional): those of {@code models} with
 *     a tiny decoder (TAESD: previews, {@code decoder: fast}); {@code null} from runners that do
 *     not say
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RunnerEvent(
    int v,
    EventType type,
    String jobId,
    String runnerId,
    Instant at,
    Integer step,
    Integer totalSteps,
    List<ImageResult> images,
    Timings timings,
    String error,
    List<String> models,
    String executionProvider,
    List<String> varyingModels,
    Preview preview,
    List<String> fastModels) {

  /** An event without {@code fastModels}, as runners before the tiny decoder sent it. */
  public RunnerEvent(
      int v,
      EventType type,
      String jobId,
      String runnerId,
      Instant at,
      Integer step,
      Integer totalSteps,
      List<ImageResult> images,
      Timings timings,
      String error,
      List<String> models,
      String executionProvider,
      List<String> varyingModels,
      Preview preview) {
    this(
        v,
        type,
        jobId,
        runnerId,
        at,
        step,
        totalSteps,
        images,
        timings,
        error,
        models,
        executionProvider,
        varyingModels,
        preview,
        null);
  }

  /** An event without a {@code preview}, as runners before previews sent it. */
  public RunnerEvent(
      int v,
      EventType type,
      String jobId,
      String runnerId,
      Instant at,
      Integer step,
      Integer totalSteps,
      List<ImageResult> images,
      Timings timings,
      String error,
      List<String> models,
      String executionProvider,
      List<String> varyingModels) {
    this(
        v,
        type,
        jobId,
        runnerId,
        at,
        step,
        totalSteps,
        images,
        timings,
        error,
        models,
        executionProvider,
        varyingModels,
        null);
  }

  /** An event without {@code varyingModels}, as runners before image to image sent it. */
  public RunnerEvent(
      int v,
      EventType type,
      String jobId,
      String runnerId,
      Instant at,
      Integer step,
      Integer totalSteps,
      List<ImageResult> images,
      Timings timings,
      String error,
      List<String> models,
      String executionProvider) {
    this(
        v,
        type,
        jobId,
        runnerId,
        at,
        step,
        totalSteps,
        images,
        timings,
        error,
        models,
        executionProvider,
        null,
        null);
  }

  public static RunnerEvent started(String jobId, String runnerId, Instant at) {
    return new RunnerEvent(
        Contract.VERSION,
        EventType.STARTED,
        jobId,
        runnerId,
        at,
        null,
        null,
        null,
        null,
        null,
        null,
        null);
  }

  public static RunnerEvent progress(
      String jobId, String runnerId, Instant at, int step, int totalSteps) {
    return progress(jobId, runnerId, at, step, totalSteps, List.of());
  }

  /**
   * A progress event that also lists the job's images stored so far (cumulative, by index); an
   * empty list is left out of the message.
   */
  public static RunnerEvent progress(
      String jobId,
      String runnerId,
      Instant at,
      int step,
      int totalSteps,
      List<ImageResult> stored) {
    return progress(jobId, runnerId, at, step, totalSteps, stored, null);
  }

  /**
   * A progress event listing the job's images stored so far and its latest preview ({@code null}
   * for none).
   */
  public static RunnerEvent progress(
      String jobId,
      String runnerId,
      Instant at,
      int step,
      int totalSteps,
      List<ImageResult> stored,
      Preview preview) {
    return new RunnerEvent(
        Contract.VERSION,
        EventType.PROGRESS,
        jobId,
        runnerId,
        at,
        step,
        totalSteps,
        stored.isEmpty() ? null : List.copyOf(stored),
        null,
        null,
        null,
        null,
        null,
        preview);
  }

  public static RunnerEvent succeeded(
      String jobId, String runnerId, Instant at, List<ImageResult> images, Timings timings) {
    return new RunnerEvent(
        Contract.VERSION,
        EventType.SUCCEEDED,
        jobId,
        runnerId,
        at,
        null,
        null,
        List.copyOf(images),
        timings,
        null,
        null,
        null);
  }

  public static RunnerEvent failed(String jobId, String runnerId, Instant at, String error) {
    return new RunnerEvent(
        Contract.VERSION,
        EventType.FAILED,
        jobId,
        runnerId,
        at,
        null,
        null,
        null,
        null,
        error,
        null,
        null);
  }

  public static RunnerEvent cancelled(String jobId, String runnerId, Instant at) {
    return new RunnerEvent(
        Contract.VERSION,
        EventType.CANCELLED,
        jobId,
        runnerId,
        at,
        null,
        null,
        null,
        null,
        null,
        null,
        null);
  }

  public static RunnerEvent heartbeat(
      String runnerId, Instant at, List<String> models, String executionProvider) {
    return heartbeat(runnerId, at, models, executionProvider, null);
  }

  /** A heartbeat naming also the models that can start from a picture ({@code null}: not said). */
  public static RunnerEvent heartbeat(
      String runnerId,
      Instant at,
      List<String> models,
      String executionProvider,
      List<String> varyingModels) {
    return heartbeat(runnerId, at, models, executionProvider, varyingModels, null);
  }

  /**
   * A heartbeat naming also the models with a tiny decoder ({@code null}: not said), for the API's
   * refusal of {@code decoder: fast} with a model that has none.
   */
  public static RunnerEvent heartbeat(
      String runnerId,
      Instant at,
      List<String> models,
      String executionProvider,
      List<String> varyingModels,
      List<String> fastModels) {
    return new RunnerEvent(
        Contract.VERSION,
        EventType.RUNNER_HEARTBEAT,
        null,
        runnerId,
        at,
        null,
        null,
        null,
        null,
        null,
        List.copyOf(models),
        executionProvider,
        varyingModels == null ? null : List.copyOf(varyingModels),
        null,
        fastModels == null ? null : List.copyOf(fastModels));
  }
}
