package io.goldpan.runner.storage;

import io.goldpan.contract.JobMessage;
import io.goldpan.runner.RunnerException;
import io.goldpan.runner.provenance.EmbeddedXmp;
import io.goldpan.runner.provenance.InvisibleMark;
import io.goldpan.runner.provenance.Xmp;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Turns painted images into the bytes that are stored: marked PNG with text chunks, JPEG
 * thumbnails, each saying in XMP that a model made it.
 */
public final class ImageEncoding {
  /** Longest side of a thumbnail, in pixels. */
  public static final int THUMBNAIL_SIZE = 256;

  private static final String PNG_FORMAT = "javax_imageio_png_1.0";
  private static final float JPEG_QUALITY = 0.85f;
  private static final float PREVIEW_QUALITY = 0.7f;

  private ImageEncoding() {}

  /**
   * The PNG of image {@code index} of {@code job}: Goldpan's invisible mark in the pixels, its
   * {@code parameters} text (naming {@code sampler}, or none when null) and the XMP naming the
   * model.
   */
  public static byte[] png(BufferedImage image, JobMessage job, int index, String sampler) {
    return png(
        InvisibleMark.embed(image),
        Map.of(PngParameters.KEYWORD, PngParameters.of(job, index, sampler)),
        Xmp.forModel(job.parameters().model()));
  }

  /** The thumbnail of an image of {@code job}, with the XMP naming the model. */
  public static byte[] thumbnail(BufferedImage image, JobMessage job) {
    return EmbeddedXmp.intoJpeg(thumbnail(image), Xmp.forModel(job.parameters().model()));
  }

  /**
   * A PNG of {@code image} carrying {@code text} as text chunks: {@code tEXt} when the value is
   * Latin-1, else {@code iTXt} (UTF-8), so any prompt survives.
   */
  public static byte[] png(BufferedImage image, Map<String, String> text) {
    return png(image, text, null);
  }

  /**
   * A PNG of {@code image} carrying {@code text} as text chunks and, unless it is {@code null},
   * {@code xmp} in the uncompressed {@code iTXt} chunk XMP readers look for.
   */
  public static byte[] png(BufferedImage image, Map<String, String> text, String xmp) {
    ImageWriter writer = ImageIO.getImageWritersByFormatName("png").next();
    try {
      ImageWriteParam param = writer.getDefaultWriteParam();
      IIOMetadata metadata =
          writer.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(image), param);
      metadata.mergeTree(PNG_FORMAT, textTree(text, xmp));
      ByteArrayOutputStream bytes = new ByteArrayOutputStream(image.getWidth() * image.getHeight());
      try (ImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
        writer.setOutput(out);
        writer.write(null, new IIOImage(image, null, metadata), param);
      }
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new RunnerException("cannot encode a PNG: " + e.getMessage(), e);
    } finally {
      writer.dispose();
    }
  }

  /** A JPEG of {@code image} scaled so its longest side is {@link #THUMBNAIL_SIZE}. */
  public static byte[] thumbnail(BufferedImage image) {
    double scale = (double) THUMBNAIL_SIZE / Math.max(image.getWidth(), image.getHeight());
    return jpeg(image, scale, JPEG_QUALITY);
  }

  /**
   * A preview's JPEG (a few KB): {@code image} shrunk so its longest side is at most {@link
   * #THUMBNAIL_SIZE} (never enlarged), at a lower quality than a thumbnail, without metadata.
   */
  public static byte[] preview(BufferedImage image) {
    double scale =
        Math.min(1.0, (double) THUMBNAIL_SIZE / Math.max(image.getWidth(), image.getHeight()));
    return jpeg(image, scale, PREVIEW_QUALITY);
  }

  private static byte[] jpeg(BufferedImage image, double scale, float quality) {
    int width = Math.max(1, (int) Math.round(image.getWidth() * scale));
    int height = Math.max(1, (int) Math.round(image.getHeight() * scale));
    // JPEG has no alpha: draw onto an RGB canvas whatever the source type.
    BufferedImage small = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = small.createGraphics();
    try {
      g.setRenderingHint(
          RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
      g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
      g.drawImage(image, 0, 0, width, height, null);
    } finally {
      g.dispose();
    }
    ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
    try {
      ImageWriteParam param = writer.getDefaultWriteParam();
      param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
      param.setCompressionQuality(quality);
      ByteArrayOutputStream bytes = new ByteArrayOutputStream(width * height / 4);
      try (ImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
        writer.setOutput(out);
        writer.write(null, new IIOImage(small, null, null), param);
      }
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new RunnerException("cannot encode a JPEG thumbnail: " + e.getMessage(), e);
    } finally {
      writer.dispose();
    }
  }

  private static IIOMetadataNode textTree(Map<String, String> text, String xmp) {
    IIOMetadataNode root = new IIOMetadataNode(PNG_FORMAT);
    IIOMetadataNode latin1 = new IIOMetadataNode("tEXt");
    IIOMetadataNode unicode = new IIOMetadataNode("iTXt");
    if (xmp != null) {
      unicode.appendChild(itxt(EmbeddedXmp.PNG_KEYWORD, xmp));
    }
    text.forEach(
        (keyword, value) -> {
          if (StandardCharsets.ISO_8859_1.newEncoder().canEncode(value)) {
            IIOMetadataNode entry = new IIOMetadataNode("tEXtEntry");
            entry.setAttribute("keyword", keyword);
            entry.setAttribute("value", value);
            latin1.appendChild(entry);
          } else {
            unicode.appendChild(itxt(keyword, value));
          }
        });
    if (latin1.hasChildNodes()) {
      root.appendChild(latin1);
    }
    if (unicode.hasChildNodes()) {
      root.appendChild(unicode);
    }
    return root;
  }

  private static IIOMetadataNode itxt(String keyword, String value) {
    IIOMetadataNode entry = new IIOMetadataNode("iTXtEntry");
    entry.setAttribute("keyword", keyword);
    entry.setAttribute("compressionFlag", "FALSE");
    entry.setAttribute("compressionMethod", "0");
    entry.setAttribute("languageTag", "");
    entry.setAttribute("translatedKeyword", "");
    entry.setAttribute("text", value);
    return entry;
  }
}
