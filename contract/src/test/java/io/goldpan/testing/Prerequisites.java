package io.goldpan.testing;

import org.junit.jupiter.api.Assumptions;

/**
 * Skips a test whose outside prerequisite (a database, a browser) is missing, unless CI says it
 * must be there: then the missing prerequisite is a failure, so a test can never skip silently.
 */
public final class Prerequisites {
  private Prerequisites() {}

  /**
   * Aborts (skips) the calling test when {@code available} is false, or fails it when the
   * environment variable {@code requiredBy} is {@code true}.
   *
   * @param why what is missing and how to get it, e.g. {@code "no Chromium at /usr/bin/chromium"}
   */
  public static void require(boolean available, String requiredBy, String why) {
    if (available) {
      return;
    }
    if (Boolean.parseBoolean(System.getenv(requiredBy))) {
      throw new AssertionError(why + " (" + requiredBy + "=true)");
    }
    Assumptions.abort(why + "; set " + requiredBy + "=true to make this a failure");
  }
}
