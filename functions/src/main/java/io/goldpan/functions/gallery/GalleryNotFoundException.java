package io.goldpan.functions.gallery;

import io.goldpan.functions.FunctionsException;

/** A group, image or share that does not exist for this caller; answered with a 404. */
public class GalleryNotFoundException extends FunctionsException {
  public GalleryNotFoundException(String what) {
    super(what + " not found");
  }
}
