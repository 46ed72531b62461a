package io.goldpan.functions.auth;

import io.goldpan.functions.auth.internal.KeyFormat;
import jakarta.inject.Singleton;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Creates, registers and checks API keys. Only a SHA-256 of each secret is stored and secrets are
 * compared in constant time; keys are never logged.
 */
@Singleton
public class ApiKeys {
  private static final char[] KEY_ID_ALPHABET = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();
  private static final int SECRET_BYTES = 32;
  private static final int OWNER_MAX_CHARS = 128;

  private final ApiKeyRepository keys;
  private final SecureRandom random;
  private final Clock clock;

  public ApiKeys(ApiKeyRepository keys, SecureRandom random, Clock clock) {
    this.keys = keys;
    this.random = random;
    this.clock = clock;
  }

  /** Creates a key for {@code owner} and returns it; this is the only time the full key exists. */
  public String create(String owner) {
    checkOwner(owner);
    char[] keyId = new char[KeyFormat.KEY_ID_CHARS];
    for (int i = 0; i < keyId.length; i++) {
      keyId[i] = KEY_ID_ALPHABET[random.nextInt(KEY_ID_ALPHABET.length)];
    }
    byte[] secretBytes = new byte[SECRET_BYTES];
    random.nextBytes(secretBytes);
    String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(secretBytes);
    String id = new String(keyId);
    keys.save(new ApiKey(id, owner, hex(KeyFormat.hash(secret)), now()));
    return KeyFormat.format(id, secret);
  }

  /**
   * Registers a key that was made elsewhere (the bootstrap key); does nothing when it is already
   * registered for {@code owner}.
   *
   * @throws InvalidApiKeyException when {@code fullKey} is not shaped like a key, or its id is
   *     registered with another secret or owner
   */
  public void ensure(String owner, String fullKey) {
    checkOwner(owner);
    KeyFormat.Parts parts =
        KeyFormat.parse(fullKey)
            .orElseThrow(
                () ->
                    new InvalidApiKeyException(
                        "not a Goldpan API key: expected " + KeyFormat.DESCRIPTION));
    String hash = hex(KeyFormat.hash(parts.secret()));
    Optional<ApiKey> existing = keys.findById(parts.keyId());
    if (existing.isEmpty()) {
      keys.save(new ApiKey(parts.keyId(), owner, hash, now()));
      return;
    }
    ApiKey key = existing.get();
    if (!key.owner().equals(owner) || !matches(key, parts.secret())) {
      throw new InvalidApiKeyException(
          "API key id "
              + parts.keyId()
              + " is already registered with another secret or owner;"
              + " generate a new key");
    }
  }

  /** The owner of {@code fullKey}, or empty when it is not a registered key. */
  public Optional<String> authenticate(String fullKey) {
    return KeyFormat.parse(fullKey)
        .flatMap(parts -> keys.findById(parts.keyId()).filter(k -> matches(k, parts.secret())))
        .map(ApiKey::owner);
  }

  private static boolean matches(ApiKey key, String secret) {
    byte[] stored;
    try {
      stored = HexFormat.of().parseHex(key.secretHash());
    } catch (IllegalArgumentException e) {
      return false;
    }
    return MessageDigest.isEqual(stored, KeyFormat.hash(secret));
  }

  private static void checkOwner(String owner) {
    if (owner == null || owner.isBlank() || owner.length() > OWNER_MAX_CHARS) {
      throw new IllegalArgumentException(
          "owner must be 1 to " + OWNER_MAX_CHARS + " characters, got: " + owner);
    }
  }

  private static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }

  private Instant now() {
    return Instant.now(clock).truncatedTo(ChronoUnit.MILLIS);
  }
}
