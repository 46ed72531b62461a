package io.goldpan.functions.gallery;

import java.io.OutputStream;
import java.util.Collection;
import java.util.Map;

/**
 * The image and thumbnail objects in the bucket: delete them, measure them, or copy one into a
 * stream.
 */
public interface ImageObjects {

  /** The size in bytes of each of {@code keys} that exists; a missing key is left out. */
  Map<String, Long> sizes(Collection<String> keys);

  void delete(Collection<String> keys);

  /** Copies the object's bytes to {@code out} without buffering the whole object. */
  void copy(String key, OutputStream out);
}
