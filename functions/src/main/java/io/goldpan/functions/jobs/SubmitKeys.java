package io.goldpan.functions.jobs;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.exceptions.DataAccessException;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Idempotent submissions: a phone that retries a submit after a timeout sends the same {@code
 * Idempotency-Key} and gets the first submission back instead of a second job.
 *
 * <p>A key is claimed before the work starts, so two copies racing each other cannot both submit:
 * the second sees the claim and is told to retry (409) until the first is done. A claim whose
 * holder died is taken over after {@link #STALE_CLAIM}; a key is remembered for {@link #LIFETIME}.
 */
@Singleton
public class SubmitKeys {
  /** How long a key is remembered. */
  public static final Duration LIFETIME = Duration.ofHours(24);

  /** How long an unfinished claim holds before a retry may take it over. */
  static final Duration STALE_CLAIM = Duration.ofSeconds(30);

  /** The header, and the web form's field. */
  public static final String HEADER = "Idempotency-Key";

  private static final int MAX_LENGTH = 255;

  private final SubmitKeyRepository keys;
  private final Clock clock;

  public SubmitKeys(SubmitKeyRepository keys, Clock clock) {
    this.keys = keys;
    this.clock = clock;
  }

  /** What a claim found: nothing before (go ahead), or the earlier submission's outcome. */
  public sealed interface Claim {}

  /** The key is new (or was stale): the caller submits, as {@code jobId} when it has one. */
  public record Claimed(String id, @Nullable String jobId) implements Claim {}

  /** The same request came before: its job, or for a web submission its result page. */
  public record Replay(@Nullable String jobId, @Nullable String result) implements Claim {}

  /**
   * Claims {@code key} for a request with body {@code request}.
   *
   * @param jobId the id the caller will store its job under, kept with the claim so that a retry
   *     after the holder died reuses it; null where the caller makes several jobs
   * @throws InvalidRequestException when the key is malformed
   * @throws IdempotencyKeyReusedException when the key came with another request
   * @throws JobConflictException when the first request with this key is still being handled
   */
  public Claim claim(String owner, String key, String request, @Nullable String jobId) {
    check(key);
    String id = sha256(owner + "\n" + key);
    String requestHash = sha256(request);
    Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    try {
      keys.save(new SubmitKey(id, owner, requestHash, jobId, null, now));
      return new Claimed(id, jobId);
    } catch (DataAccessException e) {
      // the key exists: decided below
    }
    Optional<SubmitKey> found = keys.findById(id);
    if (found.isEmpty()) {
      // forgotten between the two statements; a retry claims it afresh
      throw new JobConflictException(HEADER + " is being reused right now; retry the request");
    }
    SubmitKey earlier = found.get();
    if (earlier.createdAt().isBefore(now.minus(LIFETIME))) {
      return takeOver(id, requestHash, jobId, now, now.minus(LIFETIME));
    }
    if (!earlier.requestHash().equals(requestHash)) {
      throw new IdempotencyKeyReusedException();
    }
    if (earlier.result() != null) {
      return new Replay(earlier.jobId(), earlier.result());
    }
    if (earlier.createdAt().isBefore(now.minus(STALE_CLAIM))) {
      // the first attempt died before it finished: go on under its job id
      Claim taken = takeOver(id, requestHash, earlier.jobId(), now, now.minus(STALE_CLAIM));
      return taken;
    }
    if (earlier.jobId() != null) {
      return new Replay(earlier.jobId(), null);
    }
    throw stillBeingHandled();
  }

  /** The answer to a repeat that arrives while the first copy is still being handled: a 409. */
  static JobConflictException stillBeingHandled() {
    return new JobConflictException(
        "a request with this " + HEADER + " is still being handled; retry in a few seconds");
  }

  /** Records where a claimed submission went, so that a repeat of it is answered the same. */
  public void complete(Claimed claim, String result) {
    keys.complete(claim.id(), result);
  }

  /** Forgets a claim whose submission failed, so a corrected retry is not refused. */
  public void release(Claimed claim) {
    keys.deleteById(claim.id());
  }

  /** Forgets keys past their lifetime; returns how many. */
  public int expire() {
    return keys.deleteByCreatedAtLessThan(clock.instant().minus(LIFETIME));
  }

  private Claim takeOver(
      String id, String requestHash, @Nullable String jobId, Instant now, Instant before) {
    if (keys.takeOver(id, requestHash, jobId, now, before) == 1) {
      return new Claimed(id, jobId);
    }
    throw stillBeingHandled();
  }

  private static void check(String key) {
    if (key.isEmpty()
        || key.length() > MAX_LENGTH
        || !key.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
      throw InvalidRequestException.of(
          HEADER, "must be 1 to " + MAX_LENGTH + " visible ASCII characters (e.g. a UUID)");
    }
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }
}
