package io.goldpan.infra;

import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.events.Schedule;
import software.amazon.awscdk.services.events.targets.LambdaFunction;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.s3.IBucket;
import software.constructs.Construct;

/**
 * The scheduled Lambda that sends what the outbox holds (webhooks, push notifications) to the
 * internet. Deployed only where the functions can reach it: with an existing PostgreSQL they run
 * outside any VPC; the Aurora VPC has no NAT gateway, so there the stack leaves this out and tells
 * the functions to refuse webhook URLs instead of accepting what it could never deliver.
 */
public final class OutboxFunction extends Construct {
  public static final String HANDLER = "io.goldpan.functions.outbox.OutboxLambdaHandler";

  /** A round of at most goldpan.webhooks.batch deliveries, each bounded by 5 s + 10 s timeouts. */
  public static final Duration TIMEOUT = Duration.seconds(120);

  public static final int MEMORY_MB = 512;

  /** EventBridge's finest rate: a webhook leaves within about this long of its event. */
  public static final Duration INTERVAL = Duration.minutes(1);

  private final JavaFunction function;

  public OutboxFunction(
      Construct scope,
      String id,
      Code code,
      Map<String, String> environment,
      Database database,
      GoldpanSettings settings,
      IBucket bucket) {
    super(scope, id);
    this.function =
        new JavaFunction(
            this,
            "Handler",
            new JavaFunction.Spec(
                HANDLER, MEMORY_MB, TIMEOUT, "Goldpan outbox: send webhooks and notifications"),
            code,
            environment,
            database,
            settings);
    // A webhook's body is the job's view, whose image links it signs: a link works only if its
    // signer may GetObject.
    function.allow(
        List.of("s3:GetObject"),
        List.of(bucket.arnForObjects("images/*"), bucket.arnForObjects("thumbs/*")));
    Rule.Builder.create(this, "Schedule")
        .schedule(Schedule.rate(INTERVAL))
        // The next tick is a retry: the outbox keeps what is still due.
        .targets(List.of(LambdaFunction.Builder.create(function.alias()).retryAttempts(0).build()))
        .build();
  }

  public JavaFunction function() {
    return function;
  }
}
