package io.goldpan.runner.models;

import io.goldpan.contract.JobMessage;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * A model that paints images for jobs, found by the job's {@code model} name. Built once at
 * start-up and reused; it owns its ONNX Runtime sessions and frees them on {@link #close()}.
 * Implementations must be safe to call from one thread at a time.
 */
public interface Model extends AutoCloseable {
  /** The model name jobs ask for, e.g. {@code demo}. */
  String name();

  /**
   * The sampler {@code job} paints with as AUTOMATIC1111 names it (e.g. {@code DPM++ 2M Karras}),
   * for the picture's parameters: the one the job names, else the model's own; null for a model
   * without one.
   *
   * @throws ModelException when the job names a scheduler the model cannot run
   */
  default String samplerLabel(JobMessage job) {
    return null;
  }

  /**
   * Paints image {@code index} of {@code job} with seed {@code job.parameters().seedOf(index)}: the
   * same job, index and model always give the same pixels.
   *
   * @return an RGB image of {@code job.parameters().width()} × {@code job.parameters().height()}
   * @throws ModelException when the model fails on this job
   */
  BufferedImage paint(JobMessage job, int index, StepListener progress);

  /**
   * As {@link #paint(JobMessage, int, StepListener)}, asking {@code cancelled} between steps; a
   * model with a single step never asks.
   *
   * @throws PaintingCancelledException when {@code cancelled} said stop
   */
  default BufferedImage paint(
      JobMessage job, int index, StepListener progress, BooleanSupplier cancelled) {
    return paint(job, index, progress);
  }

  /**
   * Most images of one job this model paints together in one batch ({@link #paintBatch}); 1 for a
   * model that paints image by image.
   */
  default int maxBatch() {
    return 1;
  }

  /**
   * Paints images {@code first … first + count - 1} of {@code job} together, {@code count} at most
   * {@link #maxBatch()}: image {@code first + i} is, within float rounding, what {@link
   * #paint(JobMessage, int, StepListener, BooleanSupplier) paint(job, first + i, …)} gives.
   *
   * @param progress told the batch's steps (steps of one image: the batch's images step together)
   * @return {@code count} RGB images, in index order
   * @throws PaintingCancelledException when {@code cancelled} said stop
   * @throws ModelException when the model fails on this job
   */
  default List<BufferedImage> paintBatch(
      JobMessage job, int first, int count, StepListener progress, BooleanSupplier cancelled) {
    if (count != 1) {
      throw new IllegalArgumentException(
          "model " + name() + " paints one image at a time, not " + count);
    }
    return List.of(paint(job, first, progress, cancelled));
  }

  /**
   * Whether the model can start from a picture (image to image: a Stable Diffusion export with a
   * VAE encoder).
   */
  default boolean canVary() {
    return false;
  }

  /**
   * As {@link #paint(JobMessage, int, StepListener, BooleanSupplier)}, starting from {@code init}
   * (the job's stored picture, repainted {@code job.parameters().strength()}) when it is not null.
   *
   * @throws ModelException when {@code init} is given and the model cannot vary images
   */
  default BufferedImage paint(
      JobMessage job,
      int index,
      StepListener progress,
      BooleanSupplier cancelled,
      BufferedImage init) {
    if (init != null) {
      throw new ModelException(cannotVary(name()));
    }
    return paint(job, index, progress, cancelled);
  }

  /**
   * Whether the model has a tiny decoder (a Stable Diffusion export with {@code taesd_decoder/}):
   * it sends previews while painting and can decode with it ({@code decoder: fast}).
   */
  default boolean hasTinyDecoder() {
    return false;
  }

  /** The reason a job starting from a picture is refused by a model that cannot vary. */
  static String cannotVary(String model) {
    return "model " + model + " cannot vary images: its export has no vae_encoder";
  }

  @Override
  void close();
}
