package io.goldpan.functions.gallery;

import io.goldpan.functions.jobs.InvalidRequestException;
import io.goldpan.functions.jobs.JobImageRepository;
import io.goldpan.functions.jobs.JobService;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Share links: a random 256-bit token (only its SHA-256 is stored) that opens one image or one
 * group read-only until it expires or is revoked.
 */
@Singleton
public class Shares {
  private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{43}");

  private final ShareRepository shares;
  private final JobService jobs;
  private final JobImageRepository images;
  private final JobGroupRepository groups;
  private final GalleryConfig config;
  private final SecureRandom random;
  private final Clock clock;
  private final OwnerSettingsRepository settings;

  public Shares(
      ShareRepository shares,
      JobService jobs,
      JobImageRepository images,
      JobGroupRepository groups,
      GalleryConfig config,
      SecureRandom random,
      Clock clock,
      OwnerSettingsRepository settings) {
    this.settings = settings;
    this.shares = shares;
    this.jobs = jobs;
    this.images = images;
    this.groups = groups;
    this.config = config;
    this.random = random;
    this.clock = clock;
  }

  /** A new share and its token; the token exists only here, so show it now. */
  public record Created(Share share, String token) {}

  /**
   * Shares one of the owner's images.
   *
   * @param days lifetime in days as typed; empty for the default
   */
  public Created shareImage(String owner, String jobId, int index, @Nullable String days) {
    Duration ttl = ttl(days);
    jobs.find(owner, jobId);
    boolean exists =
        images.findByJobIds(List.of(jobId)).stream().anyMatch(i -> i.key().idx() == index);
    if (!exists) {
      throw new GalleryNotFoundException("image " + index + " of job " + jobId);
    }
    return create(owner, jobId, index, null, null, ttl);
  }

  /**
   * Shares one of the owner's groups.
   *
   * @param contents {@code KEPT} or {@code ALL} as typed; empty for the kept images
   */
  public Created shareGroup(
      String owner, String groupId, @Nullable String days, @Nullable String contents) {
    Duration ttl = ttl(days);
    ShareContents shown = ShareContents.parse(contents);
    groups
        .findByIdAndOwner(groupId, owner)
        .orElseThrow(() -> new GalleryNotFoundException("group " + groupId));
    return create(owner, null, null, groupId, shown, ttl);
  }

  /**
   * The share a token opens.
   *
   * @throws GalleryNotFoundException for a token that never existed
   * @throws ShareGoneException for a revoked or expired one
   */
  public Share open(String token) {
    if (token == null || !TOKEN.matcher(token).matches()) {
      throw new GalleryNotFoundException("share");
    }
    Share share =
        shares
            .findByTokenHash(hash(token))
            .orElseThrow(() -> new GalleryNotFoundException("share"));
    if (share.revokedAt() != null) {
      throw new ShareGoneException("this link was revoked by its owner");
    }
    if (!share.expiresAt().isAfter(Instant.now(clock))) {
      throw new ShareGoneException("this link has expired");
    }
    return share;
  }

  /** Whether the owner's share pages and the files they serve carry the prompt. */
  public boolean sharesPrompts(String owner) {
    return settings.of(owner).sharePrompts();
  }

  /** Shows or leaves out the prompt in every share of the owner, old ones too. */
  public void sharePrompts(String owner, boolean shown) {
    settings.put(new OwnerSettings(owner, shown));
  }

  public List<Share> recent(String owner) {
    return shares.findRecent(owner);
  }

  /** Revokes the owner's share; another owner's share id is not found. */
  public void revoke(String owner, String shareId) {
    if (shares.revoke(shareId, owner, now()) == 0
        && shares.findById(shareId).filter(s -> s.owner().equals(owner)).isEmpty()) {
      throw new GalleryNotFoundException("share " + shareId);
    }
  }

  private Created create(
      String owner,
      @Nullable String jobId,
      @Nullable Integer idx,
      @Nullable String groupId,
      @Nullable ShareContents contents,
      Duration ttl) {
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    Instant now = now();
    Share share =
        shares.save(
            new Share(
                UUID.randomUUID().toString(),
                hash(token),
                owner,
                jobId,
                idx,
                groupId,
                now,
                now.plus(ttl),
                null,
                contents));
    return new Created(share, token);
  }

  private Duration ttl(@Nullable String days) {
    if (days == null || days.isBlank()) {
      return config.shareDefault();
    }
    long maxDays = config.shareMax().toDays();
    try {
      int value = Integer.parseInt(days.strip());
      if (value >= 1 && value <= maxDays) {
        return Duration.ofDays(value);
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw InvalidRequestException.of("days", "must be a whole number of days from 1 to " + maxDays);
  }

  private Instant now() {
    return Instant.now(clock).truncatedTo(ChronoUnit.MILLIS);
  }

  static String hash(String token) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
