package io.goldpan.functions.gallery;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Inline variants: every {@code {a|b|c}} in a prompt is one choice, and the prompt expands to every
 * combination of choices. Braces without a {@code |} are left alone, so {@code {prompt}} in a style
 * template is not a variant. {@code app.js} counts with the same pattern.
 */
public final class Variants {
  private static final Pattern CHOICE = Pattern.compile("\\{([^{}]*\\|[^{}]*)\\}");

  private Variants() {}

  /** How many prompts {@code template} expands to, saturating at {@link Long#MAX_VALUE}. */
  public static long count(String template) {
    long total = 1;
    Matcher m = CHOICE.matcher(template);
    while (m.find()) {
      int options = m.group(1).split("\\|", -1).length;
      total = total > Long.MAX_VALUE / options ? Long.MAX_VALUE : total * options;
    }
    return total;
  }

  /** Every combination, in order: the first choice varies slowest. Call {@link #count} first. */
  public static List<String> expand(String template) {
    Matcher m = CHOICE.matcher(template);
    if (!m.find()) {
      return List.of(template);
    }
    String head = template.substring(0, m.start());
    String rest = template.substring(m.end());
    List<String> tails = expand(rest);
    List<String> out = new ArrayList<>();
    for (String option : m.group(1).split("\\|", -1)) {
      for (String tail : tails) {
        out.add(head + option.strip() + tail);
      }
    }
    return out;
  }
}
