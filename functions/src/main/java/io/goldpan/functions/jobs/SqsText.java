package io.goldpan.functions.jobs;

/**
 * Whether text can travel in an SQS message body, which may hold only the characters #x9, #xA, #xD,
 * #x20-#xD7FF, #xE000-#xFFFD and #x10000-#x10FFFF. A job holding any other could be stored but
 * never sent.
 */
public final class SqsText {
  private SqsText() {}

  /** Why SQS cannot carry {@code text}, or {@code null} when it can (or it is {@code null}). */
  public static String problem(String text) {
    if (text == null) {
      return null;
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < text.length()
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        i++; // a pair: a character from #x10000 to #x10FFFF
        continue;
      }
      if (Character.isSurrogate(c)) {
        return "must not contain a lone surrogate " + codePoint(c) + at(i);
      }
      boolean allowed =
          c == '\t' || c == '\n' || c == '\r' || (c >= 0x20 && c <= 0xD7FF) || c >= 0xE000;
      if (!allowed || c == 0xFFFE || c == 0xFFFF) {
        return "must not contain " + codePoint(c) + at(i);
      }
    }
    return null;
  }

  private static String codePoint(char c) {
    return String.format("U+%04X", (int) c);
  }

  private static String at(int position) {
    return " (at position " + position + "): an SQS message cannot carry it";
  }
}
