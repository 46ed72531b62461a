package io.goldpan.infra;

import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.events.Schedule;
import software.amazon.awscdk.services.events.targets.LambdaFunction;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.s3.IBucket;
import software.amazon.awscdk.services.sqs.IQueue;
import software.constructs.Construct;

/** The scheduled Lambda that re-sends jobs never acknowledged as sent and expires stale ones. */
public final class SweeperFunction extends Construct {
  public static final String HANDLER = "io.goldpan.functions.sweeper.SweeperLambdaHandler";

  /** Covers an Aurora resume plus a page of re-sends. */
  public static final Duration TIMEOUT = Duration.seconds(60);

  public static final int MEMORY_MB = 512;

  private final JavaFunction function;

  public SweeperFunction(
      Construct scope,
      String id,
      Code code,
      Map<String, String> environment,
      Database database,
      GoldpanSettings settings,
      IQueue jobs,
      IBucket bucket) {
    super(scope, id);
    this.function =
        new JavaFunction(
            this,
            "Handler",
            new JavaFunction.Spec(
                HANDLER, MEMORY_MB, TIMEOUT, "Goldpan sweeper: re-send unsent, expire stale"),
            code,
            environment,
            database,
            settings);
    function.allow(List.of("sqs:SendMessage"), List.of(jobs.getQueueArn()));
    // Before failing a job it looks for the job's images (HEAD needs GetObject; without ListBucket
    // a missing key is a 403, not a 404); it deletes discarded images and what cancelled jobs left.
    List<String> objects =
        List.of(
            bucket.arnForObjects("images/*"),
            bucket.arnForObjects("thumbs/*"),
            bucket.arnForObjects("cancel/*"));
    function.allow(List.of("s3:GetObject", "s3:DeleteObject"), objects);
    function
        .function()
        .addToRolePolicy(
            PolicyStatement.Builder.create()
                .actions(List.of("s3:ListBucket"))
                .resources(List.of(bucket.getBucketArn()))
                .conditions(
                    Map.of(
                        "StringLike",
                        Map.of("s3:prefix", List.of("images/*", "thumbs/*", "cancel/*"))))
                .build());
    Rule.Builder.create(this, "Schedule")
        .schedule(Schedule.rate(Duration.minutes(settings.sweepMinutes())))
        // The next tick is a retry: a failed sweep is not re-run.
        .targets(List.of(LambdaFunction.Builder.create(function.alias()).retryAttempts(0).build()))
        .build();
  }

  public JavaFunction function() {
    return function;
  }
}
