package io.goldpan.runner.models.sd.internal;

import io.goldpan.runner.models.ModelException;

/**
 * What the UNet predicts ({@code prediction_type}): the noise, the velocity or the clean sample.
 */
public enum PredictionType {
  EPSILON,
  V_PREDICTION,
  SAMPLE;

  /**
   * @throws ModelException for an unknown name
   */
  public static PredictionType of(String name) {
    return switch (name) {
      case "epsilon" -> EPSILON;
      case "v_prediction" -> V_PREDICTION;
      case "sample" -> SAMPLE;
      default ->
          throw new ModelException(
              "prediction_type \""
                  + name
                  + "\" is not supported (epsilon, v_prediction or sample)");
    };
  }
}
