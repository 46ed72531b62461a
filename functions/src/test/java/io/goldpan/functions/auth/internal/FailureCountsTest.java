package io.goldpan.functions.auth.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class FailureCountsTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  @Test
  void manyNames_areCappedAtMaxTracked_forgettingTheLeastRecentlySeen() {
    FailureCounts counts = new FailureCounts(2, Duration.ofMinutes(1), Duration.ofMinutes(5), 100);
    counts.fail("attacker", T0);
    counts.fail("attacker", T0);

    for (int i = 0; i < 100_000; i++) {
      counts.fail("spoofed-" + i, T0);
      if (i % 50 == 0) {
        assertThat(counts.blockedUntil("attacker", T0)).isPresent(); // keeps its entry by trying
      }
    }

    assertThat(counts.tracked()).isEqualTo(100);
    assertThat(counts.blockedUntil("attacker", T0)).contains(T0.plus(Duration.ofMinutes(5)));
    assertThat(counts.blockedUntil("spoofed-0", T0)).isEmpty();
  }

  @Test
  void blockEnds_andCountingStartsAfresh() {
    FailureCounts counts = new FailureCounts(2, Duration.ofMinutes(1), Duration.ofMinutes(5), 10);
    counts.fail("a", T0);
    counts.fail("a", T0.plusSeconds(1));
    assertThat(counts.blockedUntil("a", T0.plusSeconds(299))).isPresent();

    assertThat(counts.blockedUntil("a", T0.plusSeconds(301))).isEmpty();
    counts.fail("a", T0.plusSeconds(302));
    assertThat(counts.blockedUntil("a", T0.plusSeconds(302))).isEmpty();
  }
}
