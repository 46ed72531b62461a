package io.goldpan.functions.webhooks;

import io.micronaut.data.exceptions.DataAccessException;
import jakarta.inject.Singleton;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;

/**
 * Each owner's signing secret, in the Standard Webhooks form {@code whsec_<base64 of 32 random
 * bytes>}: made on first use, replaced by {@link #rotate}.
 */
@Singleton
public class WebhookSecrets {
  static final String PREFIX = "whsec_";

  private final WebhookSecretRepository secrets;
  private final SecureRandom random;
  private final Clock clock;

  public WebhookSecrets(WebhookSecretRepository secrets, SecureRandom random, Clock clock) {
    this.secrets = secrets;
    this.random = random;
    this.clock = clock;
  }

  /** The owner's secret, made now if the owner has none. */
  public String forOwner(String owner) {
    return secrets
        .findById(owner)
        .map(WebhookSecret::secret)
        .orElseGet(
            () -> {
              try {
                return secrets.save(new WebhookSecret(owner, fresh(), now())).secret();
              } catch (DataAccessException e) {
                // another request made it first
                return secrets.findById(owner).orElseThrow(() -> e).secret();
              }
            });
  }

  /** Replaces the owner's secret; deliveries from now on are signed with the new one. */
  public String rotate(String owner) {
    String secret = fresh();
    if (secrets.replace(owner, secret, now()) == 0) {
      try {
        secrets.save(new WebhookSecret(owner, secret, now()));
      } catch (DataAccessException e) {
        secrets.replace(owner, secret, now());
      }
    }
    return secret;
  }

  /** The HMAC key a secret stands for: the bytes after the prefix. */
  static byte[] key(String secret) {
    return Base64.getDecoder().decode(secret.substring(PREFIX.length()));
  }

  private String fresh() {
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    return PREFIX + Base64.getEncoder().encodeToString(bytes);
  }

  private Instant now() {
    return Instant.now(clock).truncatedTo(ChronoUnit.MILLIS);
  }
}
