package io.goldpan.functions.gallery;

import io.goldpan.functions.jobs.InvalidRequestException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A gallery search: every word of the query must appear in the prompt, in any order and any case;
 * the person's own {@code %} and {@code _} are taken literally.
 *
 * @param patterns one case-folded "contains" LIKE pattern per word, escaped with backslash
 */
public record GallerySearch(List<String> patterns) {
  public static final int MAX_WORDS = 6;
  public static final int MAX_CHARS = 200;

  /** Everything. */
  public static final GallerySearch ALL = new GallerySearch(List.of());

  public GallerySearch {
    patterns = List.copyOf(patterns);
  }

  /** The words of {@code query}, split on white space; at most {@link #MAX_WORDS} of them. */
  public static GallerySearch of(String query) {
    String text = query == null ? "" : query.strip();
    if (text.length() > MAX_CHARS) {
      throw InvalidRequestException.of(
          "q", "must be at most " + MAX_CHARS + " characters (got " + text.length() + ")");
    }
    if (text.isEmpty()) {
      return ALL;
    }
    List<String> words = Arrays.asList(text.split("\\s+"));
    if (words.size() > MAX_WORDS) {
      throw InvalidRequestException.of(
          "q", "must be at most " + MAX_WORDS + " words (got " + words.size() + ")");
    }
    return new GallerySearch(words.stream().map(GallerySearch::contains).toList());
  }

  /** The pattern for word {@code i}, or one that matches anything where there are fewer words. */
  public String pattern(int i) {
    return i < patterns.size() ? patterns.get(i) : "%";
  }

  private static String contains(String word) {
    String escaped =
        word.toLowerCase(Locale.ROOT).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    return "%" + escaped + "%";
  }
}
