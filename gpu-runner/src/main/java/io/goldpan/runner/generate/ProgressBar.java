package io.goldpan.runner.generate;

import io.goldpan.runner.models.StepListener;
import java.io.PrintStream;

/**
 * Shows painting progress on stderr: one line rewritten with {@code \r} on a terminal, a plain line
 * per step otherwise (logs, pipes).
 */
final class ProgressBar {
  private static final int WIDTH = 30;

  private final PrintStream err;
  private final boolean terminal;
  private final int images;

  ProgressBar(PrintStream err, boolean terminal, int images) {
    this.err = err;
    this.terminal = terminal;
    this.images = images;
  }

  /** The listener for image {@code index}. */
  StepListener forImage(int index) {
    return (step, totalSteps) -> {
      int done = index * totalSteps + step;
      int total = images * totalSteps;
      String text = "image " + (index + 1) + "/" + images + "  step " + done + "/" + total;
      if (terminal) {
        int filled = (int) ((long) WIDTH * done / total);
        err.print("\r[" + "#".repeat(filled) + ".".repeat(WIDTH - filled) + "] " + text);
        if (done == total) {
          err.println();
        }
        err.flush();
      } else {
        err.println(text);
      }
    };
  }
}
