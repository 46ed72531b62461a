package io.goldpan.functions.auth;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import io.goldpan.functions.auth.internal.FailureCounts;
import io.goldpan.functions.auth.internal.KeyFormat;
import io.micronaut.http.HttpRequest;
import io.micronaut.servlet.http.ServletHttpRequest;
import jakarta.inject.Singleton;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks an API key a client presents, refusing a client address or key id that failed too often
 * recently ({@link AuthThrottleConfig}), so keys cannot be guessed at speed. Every refusal is one
 * {@code auth refused} audit line with the client address and key id, never the key or its secret.
 */
@Singleton
public class ApiKeyGuard {
  private static final Logger LOG = LoggerFactory.getLogger(ApiKeyGuard.class);
  private static final String FORWARDED_FOR = "X-Forwarded-For";

  /** What an IPv4 or IPv6 address may look like; anything else is not taken from a header. */
  private static final Pattern ADDRESS = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

  private final ApiKeys apiKeys;
  private final Clock clock;
  private final int trustedProxyHops;
  private final FailureCounts byAddress;
  private final FailureCounts byKeyId;

  public ApiKeyGuard(ApiKeys apiKeys, AuthThrottleConfig config, Clock clock) {
    this.apiKeys = apiKeys;
    this.clock = clock;
    this.trustedProxyHops = config.trustedProxyHops();
    this.byAddress =
        new FailureCounts(
            config.maxFailures(), config.window(), config.blockFor(), config.maxTracked());
    this.byKeyId =
        new FailureCounts(
            config.maxFailures(), config.window(), config.blockFor(), config.maxTracked());
  }

  /** The result of one check. */
  public sealed interface Outcome permits Accepted, Refused, Throttled {}

  /** The key is valid and belongs to {@code owner}. */
  public record Accepted(String owner, String keyId) implements Outcome {}

  /** The key is not a registered key. */
  public record Refused() implements Outcome {}

  /** The key was not even checked: too many recent failures; retry after the given seconds. */
  public record Throttled(long retryAfterSeconds) implements Outcome {}

  /**
   * Checks {@code presentedKey}, sent with {@code request}.
   *
   * @param route a fixed name of where the key was presented, for the audit line ({@code api},
   *     {@code login})
   */
  public Outcome check(HttpRequest<?> request, String presentedKey, String route) {
    String client = clientAddress(request);
    String keyId = KeyFormat.parse(presentedKey).map(KeyFormat.Parts::keyId).orElse(null);
    Instant now = clock.instant();
    Optional<Instant> until =
        later(
            byAddress.blockedUntil(client, now),
            keyId == null ? Optional.empty() : byKeyId.blockedUntil(keyId, now));
    if (until.isPresent()) {
      long seconds = Math.max(1, (Duration.between(now, until.get()).toMillis() + 999) / 1000);
      LOG.warn(
          "auth refused: reason=throttled route={} client={} keyId={} retryAfter={}s",
          route,
          client,
          keyId == null ? "-" : keyId,
          seconds);
      return new Throttled(seconds);
    }
    Optional<ApiKey> key = apiKeys.authenticateKey(presentedKey);
    if (key.isPresent()) {
      return new Accepted(key.get().owner(), key.get().keyId());
    }
    byAddress.fail(client, now);
    if (keyId != null) {
      byKeyId.fail(keyId, now);
    }
    LOG.warn(
        "auth refused: reason=invalid-key route={} client={} keyId={}",
        route,
        client,
        keyId == null ? "-" : keyId);
    return new Refused();
  }

  /**
   * The connection's remote address (on Lambda: the source address API Gateway reports) or, behind
   * {@code trustedProxyHops} trusted proxies, the address the outermost of them saw: that many
   * entries from the right of {@code X-Forwarded-For}, since every proxy appends what it saw and
   * the left is up to the client.
   */
  String clientAddress(HttpRequest<?> request) {
    if (trustedProxyHops > 0) {
      List<String> hops = new ArrayList<>();
      for (String header : request.getHeaders().getAll(FORWARDED_FOR)) {
        for (String hop : header.split(",")) {
          if (!hop.isBlank()) {
            hops.add(hop.strip());
          }
        }
      }
      if (hops.size() >= trustedProxyHops) {
        String candidate = hops.get(hops.size() - trustedProxyHops);
        if (ADDRESS.matcher(candidate).matches()) {
          return candidate;
        }
      }
    }
    return remoteAddress(request);
  }

  /**
   * On Lambda there is no connection: the address is the one API Gateway saw, from the event. A
   * Netty server has the socket's.
   */
  private static String remoteAddress(HttpRequest<?> request) {
    if (request instanceof ServletHttpRequest<?, ?> servlet) {
      String sourceIp = null;
      if (servlet.getNativeRequest() instanceof APIGatewayV2HTTPEvent v2
          && v2.getRequestContext() != null
          && v2.getRequestContext().getHttp() != null) {
        sourceIp = v2.getRequestContext().getHttp().getSourceIp();
      } else if (servlet.getNativeRequest() instanceof APIGatewayProxyRequestEvent v1
          && v1.getRequestContext() != null
          && v1.getRequestContext().getIdentity() != null) {
        sourceIp = v1.getRequestContext().getIdentity().getSourceIp();
      }
      return sourceIp != null && ADDRESS.matcher(sourceIp).matches() ? sourceIp : "unknown";
    }
    InetSocketAddress remote = request.getRemoteAddress();
    return remote.getAddress() != null
        ? remote.getAddress().getHostAddress()
        : remote.getHostString();
  }

  private static Optional<Instant> later(Optional<Instant> a, Optional<Instant> b) {
    if (a.isEmpty()) {
      return b;
    }
    if (b.isEmpty()) {
      return a;
    }
    return Optional.of(a.get().isAfter(b.get()) ? a.get() : b.get());
  }
}
