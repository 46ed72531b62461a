package io.goldpan.functions.auth.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The shape of an API key, {@code gp_<keyId>_<secret>}: a 12-character lower-case id to look the
 * key up by, and a base64url secret of at least 32 bytes of which only a SHA-256 is stored.
 */
public final class KeyFormat {
  public static final String PREFIX = "gp_";
  public static final int KEY_ID_CHARS = 12;
  public static final int SECRET_MIN_CHARS = 43;
  public static final String DESCRIPTION =
      "gp_<12 lower-case letters or digits>_<at least 43 base64url characters>";

  private static final Pattern KEY = Pattern.compile("gp_([a-z0-9]{12})_([A-Za-z0-9_-]{43,256})");

  private KeyFormat() {}

  /** A key split into its parts. */
  public record Parts(String keyId, String secret) {}

  /** The parts of {@code key}, or empty when it does not have the shape of a Goldpan key. */
  public static Optional<Parts> parse(String key) {
    if (key == null) {
      return Optional.empty();
    }
    Matcher m = KEY.matcher(key);
    return m.matches() ? Optional.of(new Parts(m.group(1), m.group(2))) : Optional.empty();
  }

  public static String format(String keyId, String secret) {
    return PREFIX + keyId + "_" + secret;
  }

  /** SHA-256 of the secret's UTF-8 bytes. */
  public static byte[] hash(String secret) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
