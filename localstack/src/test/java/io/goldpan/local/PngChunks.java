package io.goldpan.local;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.InflaterOutputStream;

/** Reads the text chunks of a PNG file independently of the code that wrote them. */
final class PngChunks {
  private static final byte[] SIGNATURE = {(byte) 137, 80, 78, 71, 13, 10, 26, 10};

  private PngChunks() {}

  static boolean isPng(byte[] data) {
    if (data.length < SIGNATURE.length) {
      return false;
    }
    for (int i = 0; i < SIGNATURE.length; i++) {
      if (data[i] != SIGNATURE[i]) {
        return false;
      }
    }
    return true;
  }

  /** Keyword → text of every tEXt, zTXt and iTXt chunk. */
  static Map<String, String> texts(byte[] png) {
    Map<String, String> texts = new HashMap<>();
    ByteBuffer buf = ByteBuffer.wrap(png, SIGNATURE.length, png.length - SIGNATURE.length);
    while (buf.remaining() >= 12) {
      int length = buf.getInt();
      byte[] type = new byte[4];
      buf.get(type);
      byte[] data = new byte[length];
      buf.get(data);
      buf.getInt(); // CRC
      String kind = new String(type, StandardCharsets.US_ASCII);
      int nul = indexOf(data, 0);
      if (nul < 0) {
        continue;
      }
      String keyword = new String(data, 0, nul, StandardCharsets.ISO_8859_1);
      switch (kind) {
        case "tEXt" ->
            texts.put(
                keyword,
                new String(data, nul + 1, data.length - nul - 1, StandardCharsets.ISO_8859_1));
        case "iTXt" -> texts.put(keyword, iText(data, nul));
        case "zTXt" ->
            texts.put(
                keyword,
                new String(
                    inflate(data, nul + 2, data.length - nul - 2), StandardCharsets.ISO_8859_1));
        default -> {}
      }
    }
    return texts;
  }

  private static String iText(byte[] data, int nul) {
    boolean compressed = data[nul + 1] == 1;
    int langEnd = indexOf(data, nul + 3);
    int translatedEnd = indexOf(data, langEnd + 1);
    int start = translatedEnd + 1;
    byte[] text =
        compressed
            ? inflate(data, start, data.length - start)
            : java.util.Arrays.copyOfRange(data, start, data.length);
    return new String(text, StandardCharsets.UTF_8);
  }

  private static int indexOf(byte[] data, int from) {
    for (int i = from; i < data.length; i++) {
      if (data[i] == 0) {
        return i;
      }
    }
    return -1;
  }

  private static byte[] inflate(byte[] data, int offset, int length) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (InflaterOutputStream inflater = new InflaterOutputStream(out)) {
      inflater.write(data, offset, length);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
