package io.goldpan.functions.gallery;

import java.util.ArrayList;
import java.util.List;

/**
 * Inline variants: every {@code {a|b|c}} in a prompt is one choice, and the prompt expands to every
 * combination of choices. A choice is a pair of braces with no brace between them and at least one
 * {@code |}; other braces are left alone, so {@code {prompt}} in a style template is not a variant.
 * {@code app.js} counts the same choices. Templates are scanned once, left to right, so a hostile
 * one costs time in proportion to its length (a backtracking pattern took quadratic time).
 */
public final class Variants {
  private Variants() {}

  /** One choice: the template's characters {@code [start, end)} and its options, not stripped. */
  private record Choice(int start, int end, String[] options) {}

  /** How many prompts {@code template} expands to, saturating at {@link Long#MAX_VALUE}. */
  public static long count(String template) {
    long total = 1;
    for (Choice choice : choices(template)) {
      int options = choice.options().length;
      total = total > Long.MAX_VALUE / options ? Long.MAX_VALUE : total * options;
    }
    return total;
  }

  /** Every combination, in order: the first choice varies slowest. Call {@link #count} first. */
  public static List<String> expand(String template) {
    List<String> out = List.of("");
    int literalStart = 0;
    for (Choice choice : choices(template)) {
      String before = template.substring(literalStart, choice.start());
      List<String> next = new ArrayList<>(out.size() * choice.options().length);
      for (String head : out) {
        for (String option : choice.options()) {
          next.add(head + before + option.strip());
        }
      }
      out = next;
      literalStart = choice.end();
    }
    String tail = template.substring(literalStart);
    return out.stream().map(head -> head + tail).toList();
  }

  /** The choices in {@code template}, left to right, found in one pass. */
  private static List<Choice> choices(String template) {
    List<Choice> choices = new ArrayList<>();
    int open = -1;
    boolean bar = false;
    for (int i = 0; i < template.length(); i++) {
      char c = template.charAt(i);
      if (c == '{') {
        open = i;
        bar = false;
      } else if (c == '|') {
        bar = true;
      } else if (c == '}') {
        if (open >= 0 && bar) {
          choices.add(new Choice(open, i + 1, template.substring(open + 1, i).split("\\|", -1)));
        }
        open = -1;
      }
    }
    return choices;
  }
}
