package io.goldpan.functions.gallery;

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
}
