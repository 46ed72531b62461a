package io.goldpan.runner.models.sd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.goldpan.runner.models.ModelException;
import io.goldpan.runner.models.sd.internal.Json;
import java.nio.file.Path;

/**
 * A diffusers {@code scheduler_config.json}: the scheduler class and its settings. Each scheduler
 * reads the keys it knows with its own defaults, as diffusers' {@code from_config} does, so one
 * model's config can drive another scheduler class.
 *
 * @param className diffusers class, e.g. {@code EulerDiscreteScheduler}
 * @param values every key of the file
 */
public record SchedulerConfig(String className, JsonNode values) {

  /**
   * Reads {@code file}.
   *
   * @throws ModelException when the file is missing, malformed or names no {@code _class_name}
   */
  public static SchedulerConfig load(Path file) {
    JsonNode values = Json.read(file);
    JsonNode name = values.get("_class_name");
    if (name == null || !name.isTextual()) {
      throw new ModelException("malformed model file " + file + ": no \"_class_name\"");
    }
    return new SchedulerConfig(name.asText(), values);
  }

  /** The same settings read by another scheduler class. */
  public SchedulerConfig withClassName(String otherClassName) {
    ObjectNode copy = values.deepCopy();
    copy.put("_class_name", otherClassName);
    return new SchedulerConfig(otherClassName, copy);
  }

  /** The same settings with {@code key} set to {@code value}. */
  public SchedulerConfig with(String key, boolean value) {
    ObjectNode copy = values.deepCopy();
    copy.put(key, value);
    return new SchedulerConfig(className, copy);
  }

  int integer(String key, int fallback) {
    JsonNode node = present(key);
    if (node == null) {
      return fallback;
    }
    if (!node.canConvertToInt() || !node.isIntegralNumber()) {
      throw malformed(key, "an integer");
    }
    return node.intValue();
  }

  double number(String key, double fallback) {
    JsonNode node = present(key);
    if (node == null) {
      return fallback;
    }
    if (!node.isNumber()) {
      throw malformed(key, "a number");
    }
    return node.doubleValue();
  }

  String text(String key, String fallback) {
    JsonNode node = present(key);
    if (node == null) {
      return fallback;
    }
    if (!node.isTextual()) {
      throw malformed(key, "a string");
    }
    return node.asText();
  }

  boolean flag(String key, boolean fallback) {
    JsonNode node = present(key);
    if (node == null) {
      return fallback;
    }
    if (!node.isBoolean()) {
      throw malformed(key, "true or false");
    }
    return node.booleanValue();
  }

  /** The values of a number-array key, or null when absent. */
  double[] numbers(String key) {
    JsonNode node = present(key);
    if (node == null) {
      return null;
    }
    if (!node.isArray()) {
      throw malformed(key, "an array of numbers");
    }
    double[] out = new double[node.size()];
    for (int i = 0; i < out.length; i++) {
      if (!node.get(i).isNumber()) {
        throw malformed(key, "an array of numbers");
      }
      out[i] = node.get(i).doubleValue();
    }
    return out;
  }

  /** Rejects a setting this implementation does not reproduce, rather than ignoring it. */
  void requireDefault(String key, Object expected) {
    JsonNode node = present(key);
    if (node != null && !String.valueOf(expected).equals(node.asText())) {
      throw new ModelException(
          className
              + " setting \""
              + key
              + "\": "
              + node
              + " is not supported (only "
              + expected
              + ")");
    }
  }

  private JsonNode present(String key) {
    JsonNode node = values.get(key);
    return node == null || node.isNull() ? null : node;
  }

  private ModelException malformed(String key, String expected) {
    return new ModelException(
        "scheduler_config.json of "
            + className
            + ": \""
            + key
            + "\" must be "
            + expected
            + ", got "
            + values.get(key));
  }
}
