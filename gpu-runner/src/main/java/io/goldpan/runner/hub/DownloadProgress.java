package io.goldpan.runner.hub;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Shows a pull's progress on stderr: a bar with bytes, speed and time left redrawn in place on a
 * terminal, a plain line per file otherwise (logs, pipes).
 */
public final class DownloadProgress {
  private static final int WIDTH = 24;
  private static final long REDRAW_NANOS = 200_000_000L;

  private final PrintStream err;
  private final boolean terminal;
  private final LongSupplier nanoTime;
  private long total;
  private long done;
  private long startedAt;
  private long fetchedThisRun;
  private long lastDraw;
  private String current = "";

  public DownloadProgress(PrintStream err, boolean terminal, LongSupplier nanoTime) {
    this.err = err;
    this.terminal = terminal;
    this.nanoTime = nanoTime;
  }

  void start(long totalBytes, long alreadyDone, int files) {
    total = totalBytes;
    done = alreadyDone;
    startedAt = nanoTime.getAsLong();
    lastDraw = Long.MIN_VALUE;
    err.println(
        "pulling "
            + files
            + " files, "
            + bytes(totalBytes)
            + (alreadyDone > 0 ? " (" + bytes(alreadyDone) + " already here)" : ""));
  }

  void file(String path, long size) {
    current = path;
    if (!terminal) {
      err.println("downloading " + path + " (" + bytes(size) + ")");
    }
  }

  /** {@code count} bytes were written; {@code fetched}: they came over the network now. */
  void advance(long count, boolean fetched) {
    done += count;
    if (fetched) {
      fetchedThisRun += count;
    }
    if (terminal) {
      long now = nanoTime.getAsLong();
      if (lastDraw == Long.MIN_VALUE || now - lastDraw >= REDRAW_NANOS || done >= total) {
        lastDraw = now;
        int filled = total == 0 ? WIDTH : (int) (WIDTH * Math.min(done, total) / total);
        err.print(
            "\r["
                + "#".repeat(filled)
                + ".".repeat(WIDTH - filled)
                + "] "
                + status()
                + "  "
                + current
                + "\u001b[K");
        err.flush();
      }
    }
  }

  void fileDone(String path) {
    if (!terminal) {
      err.println("verified " + path + "  " + status());
    }
  }

  void finish() {
    if (terminal) {
      err.println();
    }
  }

  private String status() {
    double seconds = Math.max(1e-9, (nanoTime.getAsLong() - startedAt) / 1e9);
    double speed = fetchedThisRun / seconds;
    String eta = speed <= 0 ? "--" : duration((long) Math.ceil((total - done) / speed));
    return bytes(done) + " / " + bytes(total) + "  " + bytes((long) speed) + "/s  ETA " + eta;
  }

  /** {@code 1.2 GB}, decimal units as the Hub shows them. */
  public static String bytes(long n) {
    if (n < 1000) {
      return n + " B";
    }
    String[] units = {"kB", "MB", "GB", "TB"};
    double value = n;
    int unit = -1;
    while (value >= 1000 && unit < units.length - 1) {
      value /= 1000;
      unit++;
    }
    return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
  }

  static String duration(long seconds) {
    if (seconds < 60) {
      return seconds + "s";
    }
    if (seconds < 3600) {
      return String.format(Locale.ROOT, "%dm%02ds", seconds / 60, seconds % 60);
    }
    return String.format(Locale.ROOT, "%dh%02dm", seconds / 3600, seconds / 60 % 60);
  }
}
