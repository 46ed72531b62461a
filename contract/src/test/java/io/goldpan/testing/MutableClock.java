package io.goldpan.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A UTC clock for tests that moves only when told to, or by a fixed step on every read ({@link
 * #ticking}) so that nothing throttled by time ever holds back.
 */
public class MutableClock extends Clock {
  private final AtomicReference<Instant> now;
  private final Duration tick;

  /** A clock standing at {@code start} until moved. */
  public MutableClock(Instant start) {
    this(start, Duration.ZERO);
  }

  /** A clock standing at the real time now until moved. */
  public MutableClock() {
    this(Instant.now());
  }

  private MutableClock(Instant start, Duration tick) {
    this.now = new AtomicReference<>(start);
    this.tick = tick;
  }

  /** A clock that starts at {@code start} and moves {@code tick} forward each time it is read. */
  public static MutableClock ticking(Instant start, Duration tick) {
    return new MutableClock(start, tick);
  }

  /** Moves the clock forward (or back, with a negative duration). */
  public void advance(Duration duration) {
    now.updateAndGet(t -> t.plus(duration));
  }

  /** Puts the clock at {@code instant}. */
  public void set(Instant instant) {
    now.set(instant);
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }

  @Override
  public Instant instant() {
    return tick.isZero() ? now.get() : now.updateAndGet(t -> t.plus(tick));
  }
}
