package io.goldpan.runner.config;

import java.nio.file.Path;
import java.util.Map;

/** Where the runner keeps its per-user data when no variable says otherwise. */
public final class DataFolders {
  private DataFolders() {}

  /**
   * The default models folder: {@code %LOCALAPPDATA%\goldpan\models} on Windows, else {@code
   * $XDG_DATA_HOME/goldpan/models}, else {@code ~/.local/share/goldpan/models}; {@code null} when
   * {@code environment} names no home at all.
   */
  public static Path defaultModels(Map<String, String> environment, String osName) {
    if (osName != null && osName.startsWith("Windows")) {
      String local = blankToNull(environment.get("LOCALAPPDATA"));
      if (local != null) {
        return Path.of(local, "goldpan", "models");
      }
      String profile = blankToNull(environment.get("USERPROFILE"));
      return profile == null ? null : Path.of(profile, "AppData", "Local", "goldpan", "models");
    }
    String xdg = blankToNull(environment.get("XDG_DATA_HOME"));
    // The XDG specification ignores a relative XDG_DATA_HOME.
    if (xdg != null && Path.of(xdg).isAbsolute()) {
      return Path.of(xdg, "goldpan", "models");
    }
    String home = blankToNull(environment.get("HOME"));
    return home == null ? null : Path.of(home, ".local", "share", "goldpan", "models");
  }

  /**
   * The models folder {@code models pull}, {@code list} and {@code rm} work in: {@code
   * GOLDPAN_MODELS_DIR}, else {@link #defaultModels}.
   *
   * @throws ConfigException when neither is known
   */
  public static Path models(Map<String, String> vars) {
    String configured = blankToNull(vars.get(RunnerConfig.MODELS_DIR));
    if (configured != null) {
      return Path.of(configured.strip());
    }
    Path fallback = defaultModels(vars, System.getProperty("os.name"));
    if (fallback == null) {
      throw new ConfigException(
          "no models folder: set "
              + RunnerConfig.MODELS_DIR
              + " (neither HOME, XDG_DATA_HOME nor LOCALAPPDATA is set)");
    }
    return fallback;
  }

  /**
   * Where optimised ONNX graphs are saved for later starts: {@code GOLDPAN_GRAPH_CACHE}, else
   * {@code $XDG_CACHE_HOME/goldpan/onnx-graphs}, else {@code ~/.cache/goldpan/onnx-graphs}; null
   * when {@code GOLDPAN_GRAPH_CACHE} is {@code off}.
   */
  public static Path graphCache(Map<String, String> vars) {
    String configured = blankToNull(vars.get(RunnerConfig.GRAPH_CACHE));
    if (configured != null) {
      return configured.strip().equalsIgnoreCase("off") ? null : Path.of(configured.strip());
    }
    String xdg = blankToNull(vars.get("XDG_CACHE_HOME"));
    // as for XDG_DATA_HOME, a relative XDG_CACHE_HOME is ignored
    Path base =
        xdg != null && Path.of(xdg).isAbsolute()
            ? Path.of(xdg)
            : Path.of(vars.getOrDefault("HOME", System.getProperty("user.home")), ".cache");
    return base.resolve("goldpan").resolve("onnx-graphs");
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }
}
