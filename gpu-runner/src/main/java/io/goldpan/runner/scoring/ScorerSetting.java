package io.goldpan.runner.scoring;

import io.goldpan.runner.config.ConfigException;
import io.goldpan.runner.config.DataFolders;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Reads {@code GOLDPAN_SCORER}: a scorer directory (docs/scores.md), or the name of one in the
 * models folder ({@code GOLDPAN_MODELS_DIR}'s default); unset or blank, the runner paints without
 * scoring.
 */
public final class ScorerSetting {
  public static final String SCORER = "GOLDPAN_SCORER";

  private static final int MAX_LENGTH = 4096;

  private ScorerSetting() {}

  /**
   * The scorer directory {@code vars} names, if any.
   *
   * @throws ConfigException when the value names no directory
   */
  public static Optional<Path> from(Map<String, String> vars) {
    String value = vars.get(SCORER);
    if (value == null || value.isBlank()) {
      return Optional.empty();
    }
    value = value.strip();
    if (value.length() > MAX_LENGTH) {
      throw new ConfigException(SCORER + " is longer than " + MAX_LENGTH + " characters");
    }
    Path given = Path.of(value);
    if (Files.isDirectory(given)) {
      return Optional.of(given.toAbsolutePath().normalize());
    }
    if (!value.contains("/") && !value.contains("\\")) {
      try {
        Path named = DataFolders.models(vars).resolve(value);
        if (Files.isDirectory(named)) {
          return Optional.of(named);
        }
      } catch (ConfigException e) {
        // no models folder: the value can only be a directory, and it is not one
      }
    }
    throw new ConfigException(
        SCORER
            + " is "
            + value
            + ", which is neither a directory nor a folder in the models folder; point it at a"
            + " scorer directory (CLIP vision_model.onnx, text_model.onnx, aesthetic.onnx and the"
            + " tokenizer, see docs/scores.md) or leave it unset to paint without scores");
  }
}
