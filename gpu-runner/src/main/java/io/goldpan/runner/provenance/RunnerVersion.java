package io.goldpan.runner.provenance;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The runner's version as the build recorded it, for the XMP it writes and for --version. */
public final class RunnerVersion {
  private static final String VERSION = load();

  private RunnerVersion() {}

  /** The version, e.g. {@code 0.1.0}; {@code development} when the build recorded none. */
  public static String get() {
    return VERSION;
  }

  private static String load() {
    try (InputStream in = RunnerVersion.class.getResourceAsStream("version.properties")) {
      if (in == null) {
        return "development";
      }
      Properties properties = new Properties();
      properties.load(in);
      String version = properties.getProperty("version", "");
      // An unfiltered resource (an IDE build) still holds the placeholder.
      return version.isBlank() || version.startsWith("${") ? "development" : version;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the runner's version resource", e);
    }
  }
}
