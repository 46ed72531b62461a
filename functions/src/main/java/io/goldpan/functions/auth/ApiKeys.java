package io.goldpan.functions.auth;

import io.goldpan.functions.auth.internal.KeyFormat;
import io.micronaut.context.event.ApplicationEventPublisher;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
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
  private final ApplicationEventPublisher<KeyRevoked> events;

  public ApiKeys(
      ApiKeyRepository keys,
      SecureRandom random,
      Clock clock,
      ApplicationEventPublisher<KeyRevoked> events) {
    this.keys = keys;
    this.random = random;
    this.clock = clock;
    this.events = events;
  }

  /** Creates a key for {@code owner} and returns it; this is the only time the full key exists. */
  public String create(String owner) {
    return create(owner, null).key();
  }

  /** A key just made: its id (shown in lists) and the full key, which exists only now. */
  public record Created(String keyId, String key) {}

  /**
   * Creates a key for {@code owner} with an optional {@code label} (a friend's name, a device).
   *
   * @throws KeyRequestException when the owner or the label is out of bounds
   */
  public Created create(String owner, @Nullable String label) {
    checkOwner(owner);
    checkLabel(label);
    char[] keyId = new char[KeyFormat.KEY_ID_CHARS];
    for (int i = 0; i < keyId.length; i++) {
      keyId[i] = KEY_ID_ALPHABET[random.nextInt(KEY_ID_ALPHABET.length)];
    }
    byte[] secretBytes = new byte[SECRET_BYTES];
    random.nextBytes(secretBytes);
    String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(secretBytes);
    String id = new String(keyId);
    keys.save(new ApiKey(id, owner, hex(KeyFormat.hash(secret)), now(), blankToNull(label), null));
    return new Created(id, KeyFormat.format(id, secret));
  }

  /** Every key, by owner (the admin's view); secrets are never there. */
  public List<ApiKey> all() {
    return keys.listOrderByOwnerAndCreatedAt();
  }

  /** The owner's keys, oldest first. */
  public List<ApiKey> of(String owner) {
    return keys.findByOwnerOrderByCreatedAt(owner);
  }

  /**
   * Revokes a key: it stops working at once, and the web sessions it opened end ({@link
   * KeyRevoked}). Returns the revoked key, empty when there was none.
   */
  public Optional<ApiKey> revoke(String keyId) {
    Optional<ApiKey> key = keys.findById(keyId);
    key.ifPresent(
        k -> {
          keys.deleteById(k.keyId());
          events.publishEvent(new KeyRevoked(k.keyId(), k.owner()));
        });
    return key;
  }

  /**
   * Revokes {@code keyId} on behalf of {@code caller}: their own key, or any key for an admin;
   * another owner's key is as absent as one that never existed.
   */
  public Optional<ApiKey> revoke(String caller, boolean admin, String keyId) {
    boolean mine = of(caller).stream().anyMatch(k -> k.keyId().equals(keyId));
    return mine || admin ? revoke(keyId) : Optional.empty();
  }

  /** A key was revoked; whatever it opened must close. */
  public record KeyRevoked(String keyId, String owner) {}

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
      keys.save(new ApiKey(parts.keyId(), owner, hash, now(), "bootstrap", null));
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
    return authenticateKey(fullKey).map(ApiKey::owner);
  }

  /** The registered key {@code fullKey} is, or empty; notes its use (at most once a minute). */
  public Optional<ApiKey> authenticateKey(String fullKey) {
    Optional<ApiKey> key =
        KeyFormat.parse(fullKey)
            .flatMap(parts -> keys.findById(parts.keyId()).filter(k -> matches(k, parts.secret())));
    key.ifPresent(k -> keys.touch(k.keyId(), now(), now().minus(LAST_USED_RESOLUTION)));
    return key;
  }

  private static final Duration LAST_USED_RESOLUTION = Duration.ofMinutes(1);
  private static final int LABEL_MAX_CHARS = 64;

  private static void checkLabel(@Nullable String label) {
    if (label != null
        && (label.length() > LABEL_MAX_CHARS || label.chars().anyMatch(Character::isISOControl))) {
      throw new KeyRequestException(
          "label", "must be at most " + LABEL_MAX_CHARS + " characters, no control characters");
    }
  }

  private static String blankToNull(@Nullable String s) {
    return s == null || s.isBlank() ? null : s.strip();
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
    if (owner == null
        || owner.isBlank()
        || owner.length() > OWNER_MAX_CHARS
        || owner.chars().anyMatch(Character::isISOControl)) {
      throw new KeyRequestException(
          "owner", "must be 1 to " + OWNER_MAX_CHARS + " characters, no control characters");
    }
  }

  private static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }

  private Instant now() {
    return Instant.now(clock).truncatedTo(ChronoUnit.MILLIS);
  }
}
