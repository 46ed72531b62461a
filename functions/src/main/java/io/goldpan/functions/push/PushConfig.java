package io.goldpan.functions.push;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Duration;

/**
 * Web Push notifications: the VAPID key pair, who the push services may contact, and how hard the
 * sender tries. Without both keys, push is off and the settings page says so.
 *
 * @param vapidPublicKey the application server's P-256 public key, base64url (65-byte point)
 * @param vapidPrivateKey its private key, base64url (32-byte scalar); a secret
 * @param subject the VAPID {@code sub}: a {@code mailto:} or {@code https:} contact for push
 *     services' operators (Apple refuses {@code localhost} addresses)
 * @param maxDevices most devices one owner may register
 * @param maxAttempts attempts per notification before it is given up
 * @param firstRetry the wait after the first failure; each further wait doubles
 * @param maxRetry the longest wait between two attempts
 * @param connectTimeout to open the connection to the push service (TLS included)
 * @param readTimeout to wait for the push service's answer
 * @param ttl how long a push service should keep a notification for a device that is offline
 * @param catchUp jobs finished this recently are still notified if no event told of them
 * @param interval how often the sender looks for work (server mode)
 * @param batch most notifications one round sends
 * @param senderEnabled run the sender in server mode (tests turn it off and drive it themselves)
 */
@ConfigurationProperties("goldpan.push")
public record PushConfig(
    @Nullable String vapidPublicKey,
    @Nullable String vapidPrivateKey,
    @NotBlank @Pattern(regexp = "(mailto:|https://).+")
        @Bindable(defaultValue = "mailto:goldpan@localhost")
        String subject,
    @Min(1) @Max(100) @Bindable(defaultValue = "10") int maxDevices,
    @Min(1) @Max(20) @Bindable(defaultValue = "6") int maxAttempts,
    @NotNull @Bindable(defaultValue = "10s") Duration firstRetry,
    @NotNull @Bindable(defaultValue = "30m") Duration maxRetry,
    @NotNull @Bindable(defaultValue = "5s") Duration connectTimeout,
    @NotNull @Bindable(defaultValue = "10s") Duration readTimeout,
    @NotNull @Bindable(defaultValue = "1d") Duration ttl,
    @NotNull @Bindable(defaultValue = "1d") Duration catchUp,
    @NotNull @Bindable(defaultValue = "2s") Duration interval,
    @Min(1) @Max(500) @Bindable(defaultValue = "50") int batch,
    @Bindable(defaultValue = "true") boolean senderEnabled) {

  /** The wait after the {@code attempts}-th failed attempt: doubling, capped at maxRetry. */
  public Duration retryAfter(int attempts) {
    Duration wait = firstRetry.multipliedBy(1L << Math.min(Math.max(attempts - 1, 0), 20));
    return wait.compareTo(maxRetry) > 0 ? maxRetry : wait;
  }
}
