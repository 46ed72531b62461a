package io.goldpan.functions.sweeper;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.env.Environment;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs the sweeper every {@code goldpan.sweeper.interval} in server mode. */
@Singleton
@Requires(property = "goldpan.sweeper.enabled", notEquals = "false")
@Requires(notEnv = Environment.FUNCTION)
public class ScheduledSweep {
  private static final Logger LOG = LoggerFactory.getLogger(ScheduledSweep.class);

  private final Sweeper sweeper;

  public ScheduledSweep(Sweeper sweeper) {
    this.sweeper = sweeper;
  }

  @Scheduled(
      fixedDelay = "${goldpan.sweeper.interval:15s}",
      initialDelay = "${goldpan.sweeper.interval:15s}")
  void sweep() {
    try {
      sweeper.sweepOnce();
    } catch (RuntimeException e) {
      LOG.error("sweep failed, trying again next interval", e);
    }
  }
}
