package io.goldpan.runner.doctor;

/** Whether a model fits the free GPU memory, said before a session tries (and fails natively). */
final class ModelFit {
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

  private static String shortfall(long neededBytes, long freeBytes) {
    return "needs about "
        + ModelFootprint.gb(neededBytes)
        + " of GPU memory, "
        + ModelFootprint.gb(freeBytes)
        + " free";
  }
}
