package io.goldpan.runner.models;

import java.awt.image.BufferedImage;
import java.util.function.Supplier;

/** Told as a model finishes each denoising step of one image. */
@FunctionalInterface
public interface StepListener {
  /** Ignores every step. */
  StepListener NONE = (step, totalSteps) -> {};

  /**
   * @param step steps done so far, from 1
   * @param totalSteps steps the image takes
   */
  void onStep(int step, int totalSteps);

  /**
   * Whether a preview of the picture as it forms is wanted now. Asked after a step, on the painting
   * thread, by models that can make one (a Stable Diffusion export with a TAESD decoder), so it
   * must be cheap; none is wanted unless a listener says so.
   */
  default boolean wantsPreview() {
    return false;
  }

  /**
   * A preview of the picture after {@code step} of {@code totalSteps}: {@code render} makes it (it
   * runs a small decoder, tens of milliseconds) and must be called off the painting thread, at most
   * once. The listener may drop it.
   */
  default void preview(int step, int totalSteps, Supplier<BufferedImage> render) {}
}
