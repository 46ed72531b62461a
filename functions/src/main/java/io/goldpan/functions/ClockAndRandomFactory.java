package io.goldpan.functions;

import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;
import java.security.SecureRandom;
import java.time.Clock;

/** The process's clock and randomness, as beans so tests can replace them. */
@Factory
class ClockAndRandomFactory {

  @Singleton
  Clock clock() {
    return Clock.systemUTC();
  }

  @Singleton
  SecureRandom secureRandom() {
    return new SecureRandom();
  }
}
