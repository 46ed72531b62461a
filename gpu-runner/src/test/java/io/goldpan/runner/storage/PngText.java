package io.goldpan.runner.storage;

import io.goldpan.runner.RunnerException;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/** Reads the text chunks ({@code tEXt}, {@code zTXt}, {@code iTXt}) of a PNG the runner wrote. */
public final class PngText {
  private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

  private PngText() {}

  /** Every text chunk of {@code png} as keyword to text, in file order. */
  public static Map<String, String> read(byte[] png) {
    if (png.length < SIGNATURE.length || !Arrays.equals(png, 0, 8, SIGNATURE, 0, 8)) {
      throw new RunnerException("not a PNG: the signature is missing");
    }
    Map<String, String> text = new LinkedHashMap<>();
    ByteBuffer in = ByteBuffer.wrap(png, 8, png.length - 8);
    while (in.remaining() >= 12) {
      int length = in.getInt();
      byte[] typeBytes = new byte[4];
      in.get(typeBytes);
      String type = new String(typeBytes, StandardCharsets.ISO_8859_1);
      if (length < 0 || length > in.remaining() - 4) {
        throw new RunnerException("PNG chunk " + type + " is truncated");
      }
      byte[] data = new byte[length];
      in.get(data);
      in.getInt(); // CRC
      switch (type) {
        case "tEXt" -> {
          int nul = indexOf(data, 0);
          text.put(latin1(data, 0, nul), latin1(data, nul + 1, data.length));
        }
        case "zTXt" -> {
          int nul = indexOf(data, 0);
          byte[] inflated = inflate(Arrays.copyOfRange(data, nul + 2, data.length));
          text.put(latin1(data, 0, nul), new String(inflated, StandardCharsets.ISO_8859_1));
        }
        case "iTXt" -> {
          int nul = indexOf(data, 0);
          boolean compressed = data[nul + 1] != 0;
          int language = indexOf(data, nul + 3);
          int translated = indexOf(data, language + 1);
          byte[] value = Arrays.copyOfRange(data, translated + 1, data.length);
          text.put(
              latin1(data, 0, nul),
              new String(compressed ? inflate(value) : value, StandardCharsets.UTF_8));
        }
        case "IEND" -> {
          return text;
        }
        default -> {}
      }
    }
    return text;
  }

  private static int indexOf(byte[] data, int from) {
    for (int i = from; i < data.length; i++) {
      if (data[i] == 0) {
        return i;
      }
    }
    throw new RunnerException("PNG text chunk lacks a NUL separator");
  }

  private static String latin1(byte[] data, int from, int to) {
    return new String(data, from, to - from, StandardCharsets.ISO_8859_1);
  }

  private static byte[] inflate(byte[] data) {
    Inflater inflater = new Inflater();
    try {
      inflater.setInput(data);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] buffer = new byte[4096];
      while (!inflater.finished()) {
        int n = inflater.inflate(buffer);
        if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
          throw new RunnerException("PNG compressed text chunk is truncated");
        }
        out.write(buffer, 0, n);
      }
      return out.toByteArray();
    } catch (DataFormatException e) {
      throw new RunnerException("PNG compressed text chunk is corrupt: " + e.getMessage(), e);
    } finally {
      inflater.end();
    }
  }
}
