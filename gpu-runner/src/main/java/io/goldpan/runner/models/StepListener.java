package io.goldpan.runner.models;

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
}
