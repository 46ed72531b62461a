package io.goldpan.functions.web;

import io.goldpan.functions.auth.ApiKeys;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.runtime.event.annotation.EventListener;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Server-side sessions: the cookie carries 256 random bits, the table their SHA-256, so a leaked
 * database cannot be replayed as cookies; signing out deletes the row.
 */
@Singleton
public class WebSessions {
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{43}");

  private final WebSessionRepository sessions;
  private final WebConfig config;
  private final SecureRandom random;
  private final Clock clock;

  public WebSessions(
      WebSessionRepository sessions, WebConfig config, SecureRandom random, Clock clock) {
    this.sessions = sessions;
    this.config = config;
    this.random = random;
    this.clock = clock;
  }

  /** A new session and the cookie value that opens it. */
  public record Created(String cookieValue, WebSession session) {}

  /**
   * A session for {@code owner}, opened with the key {@code keyId}, which ends if it is revoked.
   */
  public Created create(String owner, @Nullable String keyId) {
    Instant now = Instant.now(clock).truncatedTo(ChronoUnit.MILLIS);
    sessions.deleteExpired(now);
    String id = randomToken();
    WebSession session =
        sessions.save(
            new WebSession(
                hash(id), owner, randomToken(), now, now.plus(config.sessionTtl()), keyId));
    return new Created(id, session);
  }

  /** The live session a cookie value opens; empty for unknown, malformed or expired ones. */
  public Optional<WebSession> find(String cookieValue) {
    if (cookieValue == null || !ID.matcher(cookieValue).matches()) {
      return Optional.empty();
    }
    Instant now = Instant.now(clock);
    return sessions.findById(hash(cookieValue)).filter(s -> s.expiresAt().isAfter(now));
  }

  /** A revoked key's sessions end at once: signed-in browsers are signed out with it. */
  @EventListener
  void onKeyRevoked(ApiKeys.KeyRevoked revoked) {
    sessions.deleteByKeyId(revoked.keyId());
  }

  public void end(WebSession session) {
    sessions.deleteById(session.idHash());
  }

  /** Whether {@code token} is the session's CSRF token, compared in constant time. */
  public static boolean csrfMatches(WebSession session, String token) {
    return token != null
        && MessageDigest.isEqual(
            session.csrfToken().getBytes(StandardCharsets.UTF_8),
            token.getBytes(StandardCharsets.UTF_8));
  }

  private String randomToken() {
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private static String hash(String id) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
