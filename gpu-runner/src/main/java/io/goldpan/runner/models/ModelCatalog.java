package io.goldpan.runner.models;

import ai.onnxruntime.OrtEnvironment;
import io.goldpan.runner.config.ConfigException;
import io.goldpan.runner.config.RunnerConfig;
import io.goldpan.runner.models.demo.DemoModel;
import io.goldpan.runner.pipeline.ExecutionProvider;
import io.goldpan.runner.pipeline.Pipeline;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/** The models this build can paint with, by name, and the opening of those a runner enables. */
public final class ModelCatalog {
  private static final Map<String, BiFunction<OrtEnvironment, ExecutionProvider, Pipeline>> KNOWN =
      Map.of(DemoModel.NAME, DemoModel::open);

  private ModelCatalog() {}

  /** Names of every model this build knows. */
  public static List<String> known() {
    return KNOWN.keySet().stream().sorted().toList();
  }

  /**
   * Opens the models named in {@code names}, in order; on failure closes those already opened.
   *
   * @throws ConfigException when a name is not a model this build knows
   */
  public static List<Pipeline> open(List<String> names, OrtEnvironment env, ExecutionProvider provider) {
    for (String name : names) {
      if (!KNOWN.containsKey(name)) {
        throw new ConfigException(
            RunnerConfig.MODELS + " names model '" + name + "' but this build knows only: "
                + String.join(", ", known()));
      }
    }
    Map<String, Pipeline> opened = new LinkedHashMap<>();
    try {
      for (String name : names) {
        opened.put(name, KNOWN.get(name).apply(env, provider));
      }
    } catch (RuntimeException e) {
      opened.values().forEach(Pipeline::close);
      throw e;
    }
    return new ArrayList<>(opened.values());
  }
}
