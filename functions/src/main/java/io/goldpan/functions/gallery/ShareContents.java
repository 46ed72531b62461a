package io.goldpan.functions.gallery;

import io.goldpan.functions.jobs.InvalidRequestException;
import io.micronaut.core.annotation.Nullable;

/** Which of a group's images a group share shows. */
public enum ShareContents {
  /** Only the images the owner kept: the default. */
  KEPT,
  /** Every image that is not discarded (kept and undecided). */
  ALL;

  /**
   * The choice as typed in the {@code contents} form field; empty means {@link #KEPT}.
   *
   * @throws InvalidRequestException for anything else
   */
  public static ShareContents parse(@Nullable String value) {
    if (value == null || value.isBlank()) {
      return KEPT;
    }
    return switch (value.strip()) {
      case "KEPT" -> KEPT;
      case "ALL" -> ALL;
      default -> throw InvalidRequestException.of("contents", "must be KEPT or ALL");
    };
  }

  /** Whether an image with {@code mark} ({@code null}: undecided) is in the share. */
  public boolean shows(@Nullable Mark mark) {
    return this == KEPT ? mark == Mark.KEPT : mark != Mark.DISCARDED && mark != Mark.PURGED;
  }
}
