package io.goldpan.runner.provenance;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/**
 * Where XMP lives in the files Goldpan writes, as part 3 of the XMP specification places it: an
 * uncompressed PNG {@code iTXt} chunk with keyword {@code XML:com.adobe.xmp}, and a JPEG {@code
 * APP1} segment that starts {@code http://ns.adobe.com/xap/1.0/} and a NUL.
 */
public final class EmbeddedXmp {
  /** The keyword of the PNG {@code iTXt} chunk that holds XMP. */
  public static final String PNG_KEYWORD = "XML:com.adobe.xmp";

  private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
  private static final byte[] JPEG_HEADER =
      "http://ns.adobe.com/xap/1.0/\0".getBytes(StandardCharsets.US_ASCII);
  private static final int APP0 = 0xE0;
  private static final int APP1 = 0xE1;
  private static final int SOS = 0xDA;
  private static final int MAX_SEGMENT = 0xFFFF;

  private EmbeddedXmp() {}

  /** The kind of image {@code file} is, by its first bytes; {@code null} when neither. */
  public static String kind(byte[] file) {
    if (isPng(file)) {
      return "PNG";
    }
    if (isJpeg(file)) {
      return "JPEG";
    }
    return null;
  }

  /**
   * {@code jpeg} with {@code packet} in an {@code APP1} segment right after the JFIF header.
   *
   * @throws ProvenanceException when {@code jpeg} is not a JPEG or the packet does not fit one
   *     segment
   */
  public static byte[] intoJpeg(byte[] jpeg, String packet) {
    if (!isJpeg(jpeg)) {
      throw new ProvenanceException("not a JPEG: the SOI marker is missing");
    }
    byte[] xmp = packet.getBytes(StandardCharsets.UTF_8);
    int length = 2 + JPEG_HEADER.length + xmp.length;
    if (length > MAX_SEGMENT) {
      throw new ProvenanceException(
          "an XMP packet of " + xmp.length + " bytes does not fit one JPEG APP1 segment");
    }
    int at = 2;
    if ((jpeg[2] & 0xFF) == 0xFF && (jpeg[3] & 0xFF) == APP0) {
      at = 4 + ((jpeg[4] & 0xFF) << 8 | (jpeg[5] & 0xFF));
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(jpeg.length + length + 2);
    out.write(jpeg, 0, at);
    out.write(0xFF);
    out.write(APP1);
    out.write(length >> 8);
    out.write(length & 0xFF);
    out.writeBytes(JPEG_HEADER);
    out.writeBytes(xmp);
    out.write(jpeg, at, jpeg.length - at);
    return out.toByteArray();
  }

  /**
   * The XMP packet in {@code file}, a PNG or a JPEG.
   *
   * @throws ProvenanceException when the file is neither, or its structure is damaged
   */
  public static Optional<String> read(byte[] file) {
    if (isPng(file)) {
      return fromPng(file);
    }
    if (isJpeg(file)) {
      return fromJpeg(file);
    }
    throw new ProvenanceException("not a PNG or a JPEG");
  }

  private static Optional<String> fromPng(byte[] png) {
    ByteBuffer in = ByteBuffer.wrap(png, 8, png.length - 8);
    byte[] keyword = PNG_KEYWORD.getBytes(StandardCharsets.ISO_8859_1);
    while (in.remaining() >= 12) {
      int length = in.getInt();
      byte[] type = new byte[4];
      in.get(type);
      String name = new String(type, StandardCharsets.ISO_8859_1);
      if (length < 0 || length > in.remaining() - 4) {
        throw new ProvenanceException("PNG chunk " + name + " is truncated");
      }
      int start = in.position();
      if (name.equals("iTXt")
          && length > keyword.length + 4
          && Arrays.equals(png, start, start + keyword.length, keyword, 0, keyword.length)
          && png[start + keyword.length] == 0) {
        return Optional.of(itxtText(png, start + keyword.length + 1, start + length));
      }
      if (name.equals("IEND")) {
        break;
      }
      in.position(start + length + 4);
    }
    return Optional.empty();
  }

  /** The text of an iTXt chunk, from its compression flag to its end. */
  private static String itxtText(byte[] png, int from, int end) {
    if (png[from] != 0) {
      // Part 3 of the XMP specification: the XMP iTXt chunk is never compressed.
      throw new ProvenanceException("the PNG XMP chunk is compressed, which XMP forbids");
    }
    int language = nul(png, from + 2, end);
    int translated = nul(png, language + 1, end);
    return new String(png, translated + 1, end - translated - 1, StandardCharsets.UTF_8);
  }

  private static int nul(byte[] data, int from, int end) {
    for (int i = from; i < end; i++) {
      if (data[i] == 0) {
        return i;
      }
    }
    throw new ProvenanceException("the PNG XMP chunk lacks a NUL separator");
  }

  private static Optional<String> fromJpeg(byte[] jpeg) {
    int at = 2;
    while (at + 4 <= jpeg.length) {
      if ((jpeg[at] & 0xFF) != 0xFF) {
        throw new ProvenanceException("JPEG marker expected at byte " + at);
      }
      int marker = jpeg[at + 1] & 0xFF;
      if (marker == 0xFF) {
        at++; // fill byte
        continue;
      }
      if (marker == SOS || marker == 0xD9) {
        break; // image data follows: metadata segments come before it
      }
      int length = (jpeg[at + 2] & 0xFF) << 8 | (jpeg[at + 3] & 0xFF);
      int start = at + 4;
      int end = at + 2 + length;
      if (length < 2 || end > jpeg.length) {
        throw new ProvenanceException("JPEG segment at byte " + at + " is truncated");
      }
      if (marker == APP1
          && end - start >= JPEG_HEADER.length
          && Arrays.equals(
              jpeg, start, start + JPEG_HEADER.length, JPEG_HEADER, 0, JPEG_HEADER.length)) {
        int text = start + JPEG_HEADER.length;
        return Optional.of(new String(jpeg, text, end - text, StandardCharsets.UTF_8));
      }
      at = end;
    }
    return Optional.empty();
  }

  private static boolean isPng(byte[] file) {
    return file.length >= 8 && Arrays.equals(file, 0, 8, PNG_SIGNATURE, 0, 8);
  }

  private static boolean isJpeg(byte[] file) {
    return file.length >= 4 && (file[0] & 0xFF) == 0xFF && (file[1] & 0xFF) == 0xD8;
  }
}
