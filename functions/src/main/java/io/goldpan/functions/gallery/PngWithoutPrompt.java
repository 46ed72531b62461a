package io.goldpan.functions.gallery;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Set;

/**
 * A PNG without its prompt: the {@code parameters} text chunk (prompt, negative prompt and
 * settings, as the runner writes them) is dropped; every other chunk, the pixels, the XMP and the
 * invisible mark in them, stays byte for byte.
 */
public final class PngWithoutPrompt {
  private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
  private static final Set<String> TEXT_CHUNKS = Set.of("tEXt", "zTXt", "iTXt");
  private static final byte[] KEYWORD = "parameters".getBytes(StandardCharsets.ISO_8859_1);

  private PngWithoutPrompt() {}

  /**
   * @throws IllegalArgumentException when {@code png} is not a well-formed PNG
   */
  public static byte[] of(byte[] png) {
    if (png.length < SIGNATURE.length
        || !Arrays.equals(Arrays.copyOf(png, SIGNATURE.length), SIGNATURE)) {
      throw new IllegalArgumentException("not a PNG");
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(png.length);
    out.write(png, 0, SIGNATURE.length);
    ByteBuffer in = ByteBuffer.wrap(png);
    int at = SIGNATURE.length;
    while (at < png.length) {
      if (png.length - at < 12) {
        throw new IllegalArgumentException("truncated PNG chunk at byte " + at);
      }
      long length = in.getInt(at) & 0xffffffffL;
      if (length > png.length - at - 12) {
        throw new IllegalArgumentException("PNG chunk at byte " + at + " runs past the end");
      }
      String type = new String(png, at + 4, 4, StandardCharsets.ISO_8859_1);
      int size = (int) length + 12;
      if (!(TEXT_CHUNKS.contains(type) && isPrompt(png, at + 8, (int) length))) {
        out.write(png, at, size);
      }
      at += size;
      if (type.equals("IEND")) {
        break;
      }
    }
    return out.toByteArray();
  }

  /** Whether the text chunk's keyword (up to its NUL) is {@code parameters}. */
  private static boolean isPrompt(byte[] png, int data, int length) {
    return length > KEYWORD.length
        && png[data + KEYWORD.length] == 0
        && Arrays.equals(png, data, data + KEYWORD.length, KEYWORD, 0, KEYWORD.length);
  }
}
