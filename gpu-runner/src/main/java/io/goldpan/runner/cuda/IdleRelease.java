package io.goldpan.runner.cuda;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds something that pins GPU memory (a model's sessions) and gives it back when no job has used
 * it for a while: {@link #use} opens it on demand, {@link #releaseIfIdle} (called on a timer)
 * closes it once it has been idle for the configured time, and the next use reopens it. On a home
 * card that the family also games on, an idle runner then holds no memory.
 *
 * <p>Thread-safe: a release never closes the resource under a job that is using it.
 *
 * @param <T> what is held
 */
public final class IdleRelease<T extends AutoCloseable> implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(IdleRelease.class);

  /** What the job does with the resource. */
  @FunctionalInterface
  public interface Use<T, R> {
    R apply(T resource);
  }

  private final String name;
  private final Supplier<T> opener;
  private final Duration idleAfter;
  private final Clock clock;
  private T open;
  private Instant lastUse;
  private boolean closed;

  /**
   * @param name what the log calls it, e.g. {@code model sd15}
   * @param opener opens the resource; called again after each release
   * @param idleAfter how long unused before a release; zero never releases
   */
  public IdleRelease(String name, Supplier<T> opener, Duration idleAfter, Clock clock) {
    this.name = Objects.requireNonNull(name, "name");
    this.opener = Objects.requireNonNull(opener, "opener");
    this.idleAfter = Objects.requireNonNull(idleAfter, "idleAfter");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** Runs {@code use} on the resource, opening it first if it was released (or never opened). */
  public synchronized <R> R use(Use<T, R> use) {
    if (closed) {
      throw new IllegalStateException(name + " is closed");
    }
    if (open == null) {
      open = opener.get();
      if (lastUse != null) {
        log.info("{} reopened for a job", name);
      }
    }
    try {
      return use.apply(open);
    } finally {
      lastUse = clock.instant();
    }
  }

  /** Whether the resource is open now. */
  public synchronized boolean isOpen() {
    return open != null;
  }

  /**
   * Closes the resource if it is open and unused for at least the idle time.
   *
   * @return whether it was released now
   */
  public synchronized boolean releaseIfIdle() {
    if (open == null || idleAfter.isZero()) {
      return false;
    }
    Duration idle = Duration.between(lastUse == null ? Instant.MIN : lastUse, clock.instant());
    if (lastUse != null && idle.compareTo(idleAfter) < 0) {
      return false;
    }
    closeQuietly();
    log.info(
        "{} unused for {} s: closed its sessions to give the GPU memory back; it reopens on the"
            + " next job",
        name,
        lastUse == null ? 0 : idle.toSeconds());
    return true;
  }

  /** How long to wait before the next {@link #releaseIfIdle} can succeed; for the timer. */
  public Duration idleAfter() {
    return idleAfter;
  }

  @Override
  public synchronized void close() {
    closed = true;
    closeQuietly();
  }

  private void closeQuietly() {
    T resource = open;
    open = null;
    if (resource != null) {
      try {
        resource.close();
      } catch (Exception e) {
        log.warn("{} could not free all its native memory: {}", name, e.getMessage());
      }
    }
  }
}
