package io.goldpan.runner.provenance;

/**
 * What an XMP packet says about a picture's origin; each part is {@code null} when the packet lacks
 * it.
 *
 * @param digitalSourceType IPTC's {@code DigitalSourceType}, a URI from IPTC's controlled
 *     vocabulary
 * @param creatorTool {@code xmp:CreatorTool}, the software and its version
 * @param model IPTC's {@code AISystemUsed}, the model that painted the picture
 */
public record XmpFacts(String digitalSourceType, String creatorTool, String model) {
  /** Whether the packet says a trained model made the picture. */
  public boolean madeByAModel() {
    return Xmp.TRAINED_ALGORITHMIC_MEDIA.equals(digitalSourceType);
  }
}
