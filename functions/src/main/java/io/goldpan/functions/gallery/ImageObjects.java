package io.goldpan.functions.gallery;

import java.io.OutputStream;
import java.util.Collection;

/** The image and thumbnail objects in the bucket: delete them, or copy one into a stream. */
public interface ImageObjects {

  void delete(Collection<String> keys);

  /** Copies the object's bytes to {@code out} without buffering the whole object. */
  void copy(String key, OutputStream out);
}
