package io.goldpan.functions.outbound;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;

/**
 * Where webhooks may go and how hard the sender tries.
 *
 * @param allowPrivate deliver to loopback, private, link-local, CGNAT and other non-public
 *     addresses too (a receiver on the operator's own network); off by default
 * @param allowHttp accept {@code http://} webhook URLs (local testing); off by default
 * @param maxAttempts attempts per event before it is given up
 * @param firstRetry the wait after the first failure; each further wait doubles
 * @param maxRetry the longest wait between two attempts
 * @param connectTimeout to open the connection (TLS included)
 * @param readTimeout to wait for the receiver's answer
 * @param interval how often the sender looks for due deliveries (server mode)
 * @param batch most deliveries one round sends
 * @param senderEnabled run the sender in server mode (tests turn it off and drive it themselves)
 * @param enabled whether this deployment can send anything out at all; the AWS stack turns it off
 *     where its functions have no internet access, and every destination is then refused
 */
@ConfigurationProperties("goldpan.webhooks")
public record WebhooksConfig(
    @Bindable(defaultValue = "false") boolean allowPrivate,
    @Bindable(defaultValue = "false") boolean allowHttp,
    @Min(1) @Max(20) @Bindable(defaultValue = "8") int maxAttempts,
    @NotNull @Bindable(defaultValue = "10s") Duration firstRetry,
    @NotNull @Bindable(defaultValue = "1h") Duration maxRetry,
    @NotNull @Bindable(defaultValue = "5s") Duration connectTimeout,
    @NotNull @Bindable(defaultValue = "10s") Duration readTimeout,
    @NotNull @Bindable(defaultValue = "2s") Duration interval,
    @Min(1) @Max(500) @Bindable(defaultValue = "50") int batch,
    @Bindable(defaultValue = "true") boolean senderEnabled,
    @Bindable(defaultValue = "true") boolean enabled) {

  /** The wait after the {@code attempts}-th failed attempt: doubling, capped at maxRetry. */
  public Duration retryAfter(int attempts) {
    Duration wait = firstRetry.multipliedBy(1L << Math.min(Math.max(attempts - 1, 0), 20));
    return wait.compareTo(maxRetry) > 0 ? maxRetry : wait;
  }
}
