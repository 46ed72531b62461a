package io.goldpan.functions.web.internal;

import java.util.Locale;

/** A byte count as a person reads it: "512 bytes", "3.4 kB", "1.2 MB" (decimal units). */
public final class ByteSize {
  private static final String[] UNITS = {"kB", "MB", "GB", "TB"};

  private ByteSize() {}

  public static String format(long bytes) {
    if (bytes < 1000) {
      return bytes == 1 ? "1 byte" : bytes + " bytes";
    }
    double value = bytes;
    int unit = -1;
    while (value >= 999.95 && unit < UNITS.length - 1) {
      value /= 1000;
      unit++;
    }
    return String.format(Locale.ROOT, "%.1f %s", value, UNITS[unit]);
  }
}
