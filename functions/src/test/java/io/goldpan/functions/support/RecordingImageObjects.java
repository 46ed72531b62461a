package io.goldpan.functions.support;

import io.goldpan.functions.gallery.ImageObjects;
import io.goldpan.functions.gallery.S3ImageObjects;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** Test bucket: records deletions; an object's bytes are what {@link #put} stored, else its key. */
@Singleton
@Replaces(S3ImageObjects.class)
@Requires(env = "test")
public class RecordingImageObjects implements ImageObjects {
  private final List<String> deleted = new CopyOnWriteArrayList<>();
  private final Map<String, byte[]> stored = new java.util.concurrent.ConcurrentHashMap<>();

  /** Stores {@code bytes} under {@code key}, as a runner's upload would. */
  public void put(String key, byte[] bytes) {
    stored.put(key, bytes.clone());
  }

  @Override
  public void delete(Collection<String> keys) {
    deleted.addAll(keys);
  }

  /** Every object not deleted exists, and its size is its key's length in bytes. */
  @Override
  public Map<String, Long> sizes(Collection<String> keys) {
    Map<String, Long> sizes = new HashMap<>();
    for (String key : keys) {
      if (!deleted.contains(key)) {
        sizes.put(key, (long) key.getBytes(StandardCharsets.UTF_8).length);
      }
    }
    return sizes;
  }

  @Override
  public void copy(String key, OutputStream out) {
    try {
      out.write(stored.getOrDefault(key, key.getBytes(StandardCharsets.UTF_8)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public List<String> deleted() {
    return List.copyOf(deleted);
  }
}
