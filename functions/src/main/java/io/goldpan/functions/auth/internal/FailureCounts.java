package io.goldpan.functions.auth.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Failures per name (a client address, a key id) in a fixed window, and the names refused after too
 * many. At most {@code maxTracked} names are kept: the least recently seen is forgotten first, so
 * an attacker who keeps trying keeps their own entry.
 */
public final class FailureCounts {
  private final int maxFailures;
  private final Duration window;
  private final Duration blockFor;
  private final Map<String, Entry> entries;

  public FailureCounts(int maxFailures, Duration window, Duration blockFor, int maxTracked) {
    this.maxFailures = maxFailures;
    this.window = window;
    this.blockFor = blockFor;
    this.entries =
        new LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
            return size() > maxTracked;
          }
        };
  }

  /** Until when {@code name} is refused, or empty when it may try. */
  public synchronized Optional<Instant> blockedUntil(String name, Instant now) {
    Entry entry = entries.get(name);
    if (entry == null || entry.blockedUntil == null) {
      return Optional.empty();
    }
    if (!now.isBefore(entry.blockedUntil)) {
      entries.remove(name);
      return Optional.empty();
    }
    return Optional.of(entry.blockedUntil);
  }

  /** Counts one failure of {@code name}; the one that reaches the limit starts the block. */
  public synchronized void fail(String name, Instant now) {
    Entry entry = entries.get(name);
    if (entry == null
        || (entry.blockedUntil == null && !now.isBefore(entry.windowStart.plus(window)))
        || (entry.blockedUntil != null && !now.isBefore(entry.blockedUntil))) {
      entry = new Entry(now);
      entries.put(name, entry);
    }
    entry.failures++;
    if (entry.failures >= maxFailures && entry.blockedUntil == null) {
      entry.blockedUntil = now.plus(blockFor);
    }
  }

  /** How many names are remembered now. */
  public synchronized int tracked() {
    return entries.size();
  }

  private static final class Entry {
    final Instant windowStart;
    int failures;
    Instant blockedUntil;

    Entry(Instant windowStart) {
      this.windowStart = windowStart;
    }
  }
}
