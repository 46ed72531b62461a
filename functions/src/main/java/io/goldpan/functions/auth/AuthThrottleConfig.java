package io.goldpan.functions.auth;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;

/**
 * How failed API key checks (bearer keys on {@code /api}, {@code POST /login}) are throttled.
 *
 * @param maxFailures failed checks a client address or a key id may have within {@code window}
 *     before it is refused with a 429
 * @param window the span in which failures are counted
 * @param blockFor how long a client address or key id is refused once it reached {@code
 *     maxFailures}
 * @param maxTracked most client addresses, and most key ids, remembered at once; the least recently
 *     seen is forgotten first, so memory stays bounded whatever an attacker sends
 * @param trustedProxyHops 0 to use the connection's remote address; n to trust n proxies in front
 *     (API Gateway, a load balancer) and take the n-th address from the right of {@code
 *     X-Forwarded-For}, the one the outermost trusted proxy saw. Addresses further left are
 *     whatever the client sent, so they are never used
 */
@ConfigurationProperties("goldpan.auth.throttle")
public record AuthThrottleConfig(
    @Min(1) @Bindable(defaultValue = "10") int maxFailures,
    @NotNull @Bindable(defaultValue = "1m") Duration window,
    @NotNull @Bindable(defaultValue = "5m") Duration blockFor,
    @Min(1) @Bindable(defaultValue = "10000") int maxTracked,
    @Min(0) @Max(10) @Bindable(defaultValue = "0") int trustedProxyHops) {}
