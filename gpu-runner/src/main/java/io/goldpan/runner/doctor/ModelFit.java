package io.goldpan.runner.doctor;

import io.goldpan.runner.models.ModelException;

/** Whether a model fits the free GPU memory, said before a session tries (and crashes). */
public final class ModelFit {
  private ModelFit() {}

  /** {@code fits (…)} or {@code does not fit: needs about X GB of GPU memory, Y GB free}. */
  static String describe(long neededBytes, long freeBytes) {
    if (freeBytes < 0) {
      return "needs about " + ModelFootprint.gb(neededBytes) + " of GPU memory";
    }
    return neededBytes <= freeBytes
        ? "fits (needs about "
            + ModelFootprint.gb(neededBytes)
            + ", "
            + ModelFootprint.gb(freeBytes)
            + " free)"
        : "does not fit: " + shortfall(neededBytes, freeBytes);
  }

  /**
   * Refuses a model that cannot fit.
   *
   * @throws ModelException saying how much it needs and how much is free
   */
  public static void check(String model, long neededBytes, long freeBytes) {
    if (freeBytes >= 0 && neededBytes > freeBytes) {
      throw new ModelException(
          "model "
              + model
              + " "
              + shortfall(neededBytes, freeBytes)
              + "; close what else uses the GPU (nvidia-smi lists it), use an fp16 export, or"
              + " paint on the CPU");
    }
  }

  private static String shortfall(long neededBytes, long freeBytes) {
    return "needs about "
        + ModelFootprint.gb(neededBytes)
        + " of GPU memory, "
        + ModelFootprint.gb(freeBytes)
        + " free";
  }
}
