package io.goldpan.functions.support;

import io.goldpan.testing.MutableClock;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import java.time.Clock;

/** In the test environment the application's clock is a {@link MutableClock} tests can move. */
@Factory
@Requires(env = "test")
public class TestClockFactory {

  @Singleton
  @Replaces(Clock.class)
  MutableClock clock() {
    return new MutableClock();
  }
}
