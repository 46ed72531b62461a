package io.goldpan.functions.gallery;

import java.util.Optional;

/**
 * A style to try a prompt in: a name and a template where {@code {prompt}} stands for the prompt.
 *
 * @param key what the submit form sends: {@code b:<name>} for a built-in, {@code p:<id>} for a
 *     saved preset
 */
public record Style(String key, String name, String template) {
  public static final String PLACEHOLDER = "{prompt}";

  /** The prompt in this style; a template without the placeholder gets the prompt in front. */
  public String apply(String prompt) {
    return template.contains(PLACEHOLDER)
        ? template.replace(PLACEHOLDER, prompt)
        : prompt + ", " + template;
  }

  /**
   * The prompt that {@link #apply} turned into {@code styled}, when this style could have made it;
   * empty otherwise (a template with the placeholder twice is only undone when the copies agree).
   */
  public Optional<String> unapply(String styled) {
    if (!template.contains(PLACEHOLDER)) {
      String suffix = ", " + template;
      return styled.endsWith(suffix)
          ? Optional.of(styled.substring(0, styled.length() - suffix.length()))
          : Optional.empty();
    }
    int at = template.indexOf(PLACEHOLDER);
    String prefix = template.substring(0, at);
    String rest = template.substring(at + PLACEHOLDER.length());
    int next = rest.indexOf(PLACEHOLDER);
    String suffix = next < 0 ? rest : rest.substring(0, next);
    if (!styled.startsWith(prefix)) {
      return Optional.empty();
    }
    // The shortest candidate that the template maps back onto the styled prompt.
    for (int end = prefix.length(); end <= styled.length(); end++) {
      if (styled.startsWith(suffix, end)) {
        String prompt = styled.substring(prefix.length(), end);
        if (apply(prompt).equals(styled)) {
          return Optional.of(prompt);
        }
      }
    }
    return Optional.empty();
  }
}
