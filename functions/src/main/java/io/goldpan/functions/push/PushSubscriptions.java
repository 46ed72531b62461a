package io.goldpan.functions.push;

import io.goldpan.functions.outbound.Destinations;
import io.goldpan.functions.outbound.RefusedDestinationException;
import io.goldpan.functions.push.crypto.Aes128Gcm;
import io.goldpan.functions.push.crypto.P256;
import jakarta.inject.Singleton;
import jakarta.transaction.Transactional;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** An owner's devices: subscribe one (bounded, checked input), list them, remove one. */
@Singleton
public class PushSubscriptions {
  public static final int ENDPOINT_MAX_CHARS = 2048;
  public static final int DEVICE_MAX_CHARS = 64;
  static final String DEFAULT_DEVICE = "This device";

  private final PushSubscriptionRepository subscriptions;
  private final PushMessageRepository messages;
  private final Destinations destinations;
  private final VapidKeys vapid;
  private final PushConfig config;
  private final Clock clock;

  public PushSubscriptions(
      PushSubscriptionRepository subscriptions,
      PushMessageRepository messages,
      Destinations destinations,
      VapidKeys vapid,
      PushConfig config,
      Clock clock) {
    this.subscriptions = subscriptions;
    this.messages = messages;
    this.destinations = destinations;
    this.vapid = vapid;
    this.config = config;
    this.clock = clock;
  }

  /**
   * Stores a browser's subscription for {@code owner}; the same browser subscribing again replaces
   * its row (new keys, new name).
   *
   * @throws InvalidSubscriptionException naming the field at fault; nothing is stored then
   */
  @Transactional
  public PushSubscription subscribe(
      String owner, String device, String endpoint, String p256dh, String auth) {
    if (!vapid.configured()) {
      throw new InvalidSubscriptionException(
          "endpoint", "notifications are not set up on this server (no VAPID key pair)");
    }
    String name = device == null || device.isBlank() ? DEFAULT_DEVICE : device.strip();
    if (name.length() > DEVICE_MAX_CHARS) {
      throw new InvalidSubscriptionException(
          "device", "at most " + DEVICE_MAX_CHARS + " characters, got " + name.length());
    }
    URI url = endpoint(endpoint);
    String key = base64url("p256dh", p256dh, P256.PUBLIC_KEY_BYTES);
    try {
      P256.publicKey(java.util.Base64.getUrlDecoder().decode(key));
    } catch (IllegalArgumentException e) {
      throw new InvalidSubscriptionException("p256dh", "is not a P-256 public key");
    }
    String secret = base64url("auth", auth, Aes128Gcm.AUTH_SECRET_BYTES);
    String hash = sha256(url.toString());
    Optional<PushSubscription> existing = subscriptions.findByEndpointHash(hash);
    boolean known = existing.isPresent() && existing.get().owner().equals(owner);
    if (!known && subscriptions.countByOwner(owner) >= config.maxDevices()) {
      throw new InvalidSubscriptionException(
          "devices",
          "at most " + config.maxDevices() + " devices get notifications; remove one first");
    }
    existing.ifPresent(this::delete);
    PushSubscription row =
        new PushSubscription(
            known ? existing.get().id() : UUID.randomUUID().toString(),
            owner,
            name,
            url.toString(),
            hash,
            key,
            secret,
            known ? existing.get().createdAt() : now(),
            null);
    return subscriptions.save(row);
  }

  /** The owner's devices, oldest first. */
  public List<PushSubscription> of(String owner) {
    return subscriptions.findByOwnerOrderByCreatedAt(owner);
  }

  /** Removes one of the owner's devices; false when the owner has no such device. */
  @Transactional
  public boolean remove(String owner, String id) {
    Optional<PushSubscription> row = subscriptions.findById(id);
    if (row.isEmpty() || !row.get().owner().equals(owner)) {
      return false;
    }
    delete(row.get());
    return true;
  }

  /** Forgets a subscription the push service says is gone (404/410). */
  @Transactional
  public void gone(String id) {
    subscriptions.findById(id).ifPresent(this::delete);
  }

  private void delete(PushSubscription row) {
    messages.deleteBySubscriptionId(row.id());
    subscriptions.deleteById(row.id());
  }

  private URI endpoint(String endpoint) {
    if (endpoint == null || endpoint.isBlank()) {
      throw new InvalidSubscriptionException("endpoint", "is required");
    }
    String text = endpoint.strip();
    if (text.length() > ENDPOINT_MAX_CHARS) {
      throw new InvalidSubscriptionException(
          "endpoint", "at most " + ENDPOINT_MAX_CHARS + " characters, got " + text.length());
    }
    URI url;
    try {
      url = new URI(text);
    } catch (URISyntaxException e) {
      throw new InvalidSubscriptionException("endpoint", "is not a URL");
    }
    if (url.getRawUserInfo() != null || url.getRawFragment() != null) {
      throw new InvalidSubscriptionException("endpoint", "must not carry credentials or a #part");
    }
    try {
      destinations.check(url);
    } catch (RefusedDestinationException e) {
      throw new InvalidSubscriptionException("endpoint", e.getMessage());
    }
    return url;
  }

  /** The value, unpadded, when it is base64url of exactly {@code bytes} bytes. */
  private static String base64url(String field, String value, int bytes) {
    String text = value == null ? "" : value.strip();
    while (text.endsWith("=")) {
      text = text.substring(0, text.length() - 1);
    }
    String problem = "must be base64url of " + bytes + " bytes";
    if (text.isEmpty() || text.length() > 2 * bytes || !text.matches("[A-Za-z0-9_-]+")) {
      throw new InvalidSubscriptionException(field, problem);
    }
    try {
      if (java.util.Base64.getUrlDecoder().decode(text).length != bytes) {
        throw new InvalidSubscriptionException(field, problem);
      }
    } catch (IllegalArgumentException e) {
      throw new InvalidSubscriptionException(field, problem);
    }
    return text;
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private Instant now() {
    return Instant.now(clock).truncatedTo(ChronoUnit.MILLIS);
  }
}
