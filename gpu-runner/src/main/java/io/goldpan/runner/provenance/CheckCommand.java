package io.goldpan.runner.provenance;

import io.goldpan.runner.config.CommandContext;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code goldpan-runner check}: says for each image file whether it says a model made it. */
@Command(
    name = "check",
    mixinStandardHelpOptions = true,
    description = {
      "Check images for Goldpan's provenance marks.",
      "For each PNG or JPEG, says whether it carries XMP saying a model made it (IPTC digital"
          + " source type, model, software) and Goldpan's invisible watermark"
          + " (invisible-watermark's dwtDct, message 'goldpan'). Exits 1 when a file cannot be"
          + " read.",
    })
public final class CheckCommand implements Callable<Integer> {
  /** Files larger than this are not read. */
  static final long MAX_BYTES = 256L << 20;

  /** Pictures with more pixels are not decoded (a small file can claim a huge picture). */
  static final long MAX_PIXELS = 100_000_000L;

  private final CommandContext context;

  @Parameters(arity = "1..*", paramLabel = "FILE", description = "PNG or JPEG files")
  List<Path> files;

  public CheckCommand(CommandContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    int status = 0;
    for (Path file : files) {
      try {
        if (Files.size(file) > MAX_BYTES) {
          status =
              unreadable(file, "larger than " + (MAX_BYTES >> 20) + " MiB, the most check reads");
          continue;
        }
        report(file, Files.readAllBytes(file));
      } catch (NoSuchFileException e) {
        status = unreadable(file, "no such file");
      } catch (IOException e) {
        status = unreadable(file, e.getMessage());
      } catch (ProvenanceException e) {
        status = unreadable(file, e.getMessage());
      }
    }
    return status;
  }

  private int unreadable(Path file, String why) {
    context.err().println("goldpan-runner check: " + file + ": cannot read: " + why);
    return 1;
  }

  private void report(Path file, byte[] bytes) {
    String kind = EmbeddedXmp.kind(bytes);
    if (kind == null) {
      throw new ProvenanceException("not a PNG or a JPEG");
    }
    Optional<String> packet = EmbeddedXmp.read(bytes);
    BufferedImage pixels = pixels(bytes);
    PrintStream out = context.out();
    out.println(file + ": " + kind + " " + pixels.getWidth() + "x" + pixels.getHeight());
    out.println("  watermark: " + watermark(InvisibleMark.read(pixels)));
    if (packet.isEmpty()) {
      out.println("  XMP: none");
      return;
    }
    XmpFacts xmp;
    try {
      xmp = Xmp.read(packet.get());
    } catch (ProvenanceException e) {
      out.println("  XMP: damaged (" + e.getMessage() + ")");
      return;
    }
    out.println(
        "  XMP: "
            + (xmp.madeByAModel()
                ? "made by a model (IPTC trainedAlgorithmicMedia)"
                : "does not say a model made it (digital source type "
                    + orNone(xmp.digitalSourceType())
                    + ")"));
    out.println("  model: " + orNone(xmp.model()));
    out.println("  software: " + orNone(xmp.creatorTool()));
  }

  private static BufferedImage pixels(byte[] bytes) {
    try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
      Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
      if (!readers.hasNext()) {
        throw new ProvenanceException("its pixels cannot be decoded");
      }
      ImageReader reader = readers.next();
      try {
        reader.setInput(in, true, true);
        long pixels = (long) reader.getWidth(0) * reader.getHeight(0);
        if (pixels > MAX_PIXELS) {
          throw new ProvenanceException(
              "a picture of "
                  + pixels
                  + " pixels is more than the "
                  + MAX_PIXELS
                  + " check decodes");
        }
        return reader.read(0);
      } finally {
        reader.dispose();
      }
    } catch (IOException | RuntimeException e) {
      if (e instanceof ProvenanceException p) {
        throw p;
      }
      // ImageIO's decoders throw unchecked exceptions too on damaged data.
      throw new ProvenanceException("its pixels cannot be decoded: " + e.getMessage(), e);
    }
  }

  private static String watermark(InvisibleMark.Reading reading) {
    if (!reading.large()) {
      return "none (too small to carry one)";
    }
    String bits = reading.matching() + "/" + reading.bits() + " bits of the mark";
    return reading.present() ? "yes (" + bits + ")" : "no (" + bits + "; chance is about half)";
  }

  private static String orNone(String value) {
    return value == null || value.isBlank() ? "none" : value;
  }
}
