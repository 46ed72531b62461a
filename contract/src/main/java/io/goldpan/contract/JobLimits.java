package io.goldpan.contract;

import java.util.ArrayList;
import java.util.List;

/**
 * Bounds on every job parameter. The API rejects requests outside them with a 400 naming the field;
 * the runner checks them again so a forged or corrupted message fails cleanly instead of exhausting
 * the GPU.
 */
public final class JobLimits {
  public static final int PROMPT_MAX_CHARS = 1000;
  public static final int COUNT_MIN = 1;
  public static final int COUNT_MAX = 16;
  public static final int COUNT_DEFAULT = 4;
  public static final int SIZE_MIN = 256;
  public static final int SIZE_MAX = 1024;
  public static final int SIZE_STEP = 64;
  public static final int SIZE_DEFAULT = 512;
  public static final int STEPS_MIN = 1;
  public static final int STEPS_MAX = 150;
  public static final int STEPS_DEFAULT = 20;
  public static final double GUIDANCE_MIN = 0;
  public static final double GUIDANCE_MAX = 30;
  public static final double GUIDANCE_DEFAULT = 7.5;

  /** Image-to-image strength: greater than this, at most {@link #STRENGTH_MAX}. */
  public static final double STRENGTH_ABOVE = 0;

  public static final double STRENGTH_MAX = 1;

  /** The reason a strength is out of (0, 1], or {@code null} when it is fine. */
  public static String strengthProblem(double strength) {
    if (!(strength > STRENGTH_ABOVE && strength <= STRENGTH_MAX)) {
      return "must be greater than " + STRENGTH_ABOVE + " and at most " + STRENGTH_MAX;
    }
    return null;
  }

  /** Largest seed: 2^53 - 1, so a browser's JavaScript numbers carry it exactly. */
  public static final long SEED_MAX = (1L << 53) - 1;

  public static final int MODEL_MAX_CHARS = 64;

  private JobLimits() {}

  /**
   * Every bound the message breaks, as {@code field: reason}; empty when the message is paintable.
   */
  public static List<String> problems(JobMessage job) {
    List<String> problems = new ArrayList<>();
    if (!StorageKeys.isJobId(job.jobId())) {
      problems.add("jobId: must be a lower-case UUID");
    }
    if (job.parameters() == null) {
      problems.add("prompt: must not be empty");
    } else {
      problems.addAll(job.parameters().problems());
    }
    return problems;
  }

  /** The reason a size is out of bounds, or {@code null} when it is fine. */
  public static String sizeProblem(int pixels) {
    if (pixels < SIZE_MIN || pixels > SIZE_MAX || pixels % SIZE_STEP != 0) {
      return "must be a multiple of " + SIZE_STEP + " from " + SIZE_MIN + " to " + SIZE_MAX;
    }
    return null;
  }

  /**
   * The reason a prompt text is unacceptable, or {@code null}. Line breaks and tabs are allowed;
   * every other control character is refused (they are invisible on a phone and confuse logs).
   */
  public static String textProblem(String text, boolean required) {
    if (text == null || text.isBlank()) {
      return required ? "must not be empty" : null;
    }
    if (text.length() > PROMPT_MAX_CHARS) {
      return "must be at most " + PROMPT_MAX_CHARS + " characters (got " + text.length() + ")";
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isISOControl(c) && c != '\n' && c != '\r' && c != '\t') {
        return "must not contain control characters (found U+"
            + String.format("%04X", (int) c)
            + " at position "
            + i
            + ")";
      }
    }
    return null;
  }
}
