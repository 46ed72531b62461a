package io.goldpan.functions.gallery;

import java.util.List;
import java.util.Map;

/**
 * The submit form as typed: every value a string (empty when left blank), so that a wrong value is
 * reported by the jobs API's own rules, field by field.
 *
 * @param fields prompt, negativePrompt, count, seed, width, height, steps, guidance, model,
 *     scheduler
 * @param styles the chosen style keys ({@link Style#key()})
 */
public record SubmitForm(Map<String, String> fields, List<String> styles) {

  public SubmitForm {
    fields = Map.copyOf(fields);
    styles = List.copyOf(styles);
  }

  public String get(String name) {
    return fields.getOrDefault(name, "");
  }
}
