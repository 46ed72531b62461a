package io.goldpan.functions.sweeper;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import io.micronaut.context.ApplicationContext;
import io.micronaut.function.aws.MicronautRequestHandler;
import jakarta.inject.Inject;

/** Lambda entry point for a scheduled (EventBridge) rule: one sweep per invocation. */
public class SweeperLambdaHandler extends MicronautRequestHandler<ScheduledEvent, String> {

  @Inject Sweeper sweeper;

  public SweeperLambdaHandler() {}

  /** For tests and custom runtimes that bring their own context. */
  public SweeperLambdaHandler(ApplicationContext context) {
    super(context);
  }

  @Override
  public String execute(ScheduledEvent input) {
    Sweeper.Result result = sweeper.sweepOnce();
    return "resent="
        + result.resent()
        + " unsent="
        + result.unsent()
        + " expired="
        + result.expired()
        + " stale="
        + result.stale()
        + " recovered="
        + result.recovered()
        + " unsendable="
        + result.unsendable()
        + " cancelledCleaned="
        + result.cancelledCleaned()
        + " discardedPurged="
        + result.discardedPurged();
  }
}
