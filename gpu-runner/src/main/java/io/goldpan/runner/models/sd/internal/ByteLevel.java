package io.goldpan.runner.models.sd.internal;

import java.nio.charset.StandardCharsets;

/**
 * GPT-2/CLIP byte-level alphabet: every byte maps to one printable character, so BPE works on
 * strings without whitespace or control characters ({@code bytes_to_unicode} in transformers).
 */
public final class ByteLevel {
  private static final char[] BYTE_TO_CHAR = table();

  private ByteLevel() {}

  /** The UTF-8 bytes of {@code text}, each replaced by its printable stand-in. */
  public static String encode(String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    char[] out = new char[bytes.length];
    for (int i = 0; i < bytes.length; i++) {
      out[i] = BYTE_TO_CHAR[bytes[i] & 0xff];
    }
    return new String(out);
  }

  private static char[] table() {
    char[] table = new char[256];
    boolean[] printable = new boolean[256];
    for (int b = '!'; b <= '~'; b++) {
      printable[b] = true;
    }
    for (int b = 0xa1; b <= 0xac; b++) {
      printable[b] = true;
    }
    for (int b = 0xae; b <= 0xff; b++) {
      printable[b] = true;
    }
    int next = 256;
    for (int b = 0; b < 256; b++) {
      table[b] = printable[b] ? (char) b : (char) next++;
    }
    return table;
  }
}
