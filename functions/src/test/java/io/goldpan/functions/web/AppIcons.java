package io.goldpan.functions.web;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * Draws the home-screen icons (a gold pan with three nuggets on a dark ground) the same way every
 * time. The PNGs are committed under {@code functions/src/main/resources/static/}; after changing
 * the drawing, regenerate them from the repository root with {@code java
 * functions/src/test/java/io/goldpan/functions/web/AppIcons.java
 * functions/src/main/resources/static}.
 */
public final class AppIcons {
  static final Color GROUND = new Color(0x1b, 0x1a, 0x17);
  static final Color PAN = new Color(0x5a, 0x55, 0x4c);
  static final Color RIM = new Color(0x8a, 0x82, 0x74);
  static final Color GOLD = new Color(0xf2, 0xb8, 0x2e);

  private AppIcons() {}

  /**
   * An icon {@code size} pixels square; {@code scale} is the pan's share of the picture (1 for a
   * plain icon, smaller for a maskable one so the pan stays inside the safe zone).
   */
  static BufferedImage draw(int size, double scale) {
    BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setColor(GROUND);
      g.fillRect(0, 0, size, size);
      double c = size / 2.0;
      double r = size * 0.40 * scale;
      g.setColor(PAN);
      g.fill(new Ellipse2D.Double(c - r, c - r, 2 * r, 2 * r));
      g.setColor(RIM);
      g.setStroke(new BasicStroke((float) (size * 0.04 * scale)));
      g.draw(new Ellipse2D.Double(c - r, c - r, 2 * r, 2 * r));
      g.setColor(GOLD);
      nugget(g, c - r * 0.30, c + r * 0.05, r * 0.26, r * 0.20);
      nugget(g, c + r * 0.22, c - r * 0.12, r * 0.20, r * 0.16);
      nugget(g, c + r * 0.12, c + r * 0.32, r * 0.14, r * 0.11);
    } finally {
      g.dispose();
    }
    return image;
  }

  private static void nugget(Graphics2D g, double x, double y, double rx, double ry) {
    g.fill(new Ellipse2D.Double(x - rx, y - ry, 2 * rx, 2 * ry));
  }

  /** Writes icon-192.png, icon-512.png, icon-maskable-512.png and apple-touch-icon.png. */
  public static void main(String[] args) throws IOException {
    Path dir = Path.of(args.length > 0 ? args[0] : "functions/src/main/resources/static");
    Files.createDirectories(dir);
    ImageIO.write(draw(192, 1), "png", dir.resolve("icon-192.png").toFile());
    ImageIO.write(draw(512, 1), "png", dir.resolve("icon-512.png").toFile());
    ImageIO.write(draw(512, 0.75), "png", dir.resolve("icon-maskable-512.png").toFile());
    ImageIO.write(draw(180, 1), "png", dir.resolve("apple-touch-icon.png").toFile());
  }
}
