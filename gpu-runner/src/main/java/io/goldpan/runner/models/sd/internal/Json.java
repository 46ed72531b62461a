package io.goldpan.runner.models.sd.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.goldpan.runner.models.ModelException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reads the JSON files of a model directory, failing with the file's name. */
public final class Json {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private Json() {}

  /** The parsed object in {@code file}; a missing or malformed file is a {@link ModelException}. */
  public static JsonNode read(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new ModelException(
          "missing model file " + file + ": the model directory is incomplete");
    }
    try {
      JsonNode node = MAPPER.readTree(file.toFile());
      if (node == null || !node.isObject()) {
        throw new ModelException("malformed model file " + file + ": expected a JSON object");
      }
      return node;
    } catch (NoSuchFileException e) {
      throw new ModelException(
          "missing model file " + file + ": the model directory is incomplete", e);
    } catch (IOException e) {
      throw new ModelException("malformed model file " + file + ": " + e.getMessage(), e);
    }
  }

  /** The parsed object in {@code file}, or an empty object when the file does not exist. */
  public static JsonNode readOptional(Path file) {
    return Files.exists(file) ? read(file) : MAPPER.createObjectNode();
  }
}
