package io.goldpan.functions.jobs.internal;

import io.goldpan.contract.StorageKeys;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.Optional;

/**
 * Keyset position in a newest-first job list: the {@code (createdAt, id)} of the last job shown,
 * base64url-encoded so clients treat it as opaque.
 */
public record PageCursor(Instant createdAt, String id) {

  public String encode() {
    String raw = createdAt + "|" + id;
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(raw.getBytes(StandardCharsets.UTF_8));
  }

  /** The cursor {@code text} encodes, or empty when it is not one of ours. */
  public static Optional<PageCursor> decode(String text) {
    try {
      String raw = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8);
      int bar = raw.indexOf('|');
      if (bar < 0) {
        return Optional.empty();
      }
      Instant createdAt = Instant.parse(raw.substring(0, bar));
      String id = raw.substring(bar + 1);
      return StorageKeys.isJobId(id)
          ? Optional.of(new PageCursor(createdAt, id))
          : Optional.empty();
    } catch (IllegalArgumentException | DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
