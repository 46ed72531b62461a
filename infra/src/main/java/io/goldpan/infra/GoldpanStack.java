package io.goldpan.infra;

import java.util.HashMap;
import java.util.Map;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.lambda.Code;
import software.constructs.Construct;

/**
 * Goldpan on AWS: bucket, queues, database, the functions (API, events, sweeper, dead letters, and
 * the outbox where the functions can reach the internet), runner identity, GPU runners.
 */
public final class GoldpanStack extends Stack {
  public GoldpanStack(Construct scope, String id, StackProps props, GoldpanSettings settings) {
    super(scope, id, props);
    settings.requireFunctionsCode();
    Code code = Code.fromAsset(settings.functionsCode().toString());

    Storage storage = new Storage(this, "Storage", settings);
    Queues queues =
        new Queues(this, "Queues", EventsConsumer.TIMEOUT, JobsDeadLetterConsumer.TIMEOUT);
    Database database = new Database(this, "Database", settings);

    boolean outbound = database.vpc().isEmpty();
    Map<String, String> environment = new HashMap<>();
    environment.putAll(
        Map.ofEntries(
            // The Aurora VPC has no NAT gateway: nothing there can reach a webhook's receiver.
            Map.entry("GOLDPAN_WEBHOOKS_ENABLED", Boolean.toString(outbound)),
            Map.entry("GOLDPAN_WEBHOOKS_SENDER_ENABLED", "false"),
            Map.entry("GOLDPAN_QUEUES_JOBS", queues.jobs().getQueueUrl()),
            Map.entry("GOLDPAN_QUEUES_EVENTS", queues.events().getQueueUrl()),
            Map.entry("GOLDPAN_BUCKET", storage.bucket().getBucketName()),
            Map.entry("GOLDPAN_AWS_REGION", getRegion()),
            Map.entry("GOLDPAN_JOBS_MODELS", String.join(",", settings.modelList())),
            // quoted in the reason a dead-lettered job fails with; equal to the redrive policy
            Map.entry(
                "GOLDPAN_JOBS_DEAD_LETTER_MAX_RECEIVE_COUNT",
                Integer.toString(Queues.MAX_RECEIVE_COUNT)),
            // The SQS triggers and the schedule replace the server-mode pollers and sweeper.
            Map.entry("GOLDPAN_EVENTS_POLLER_ENABLED", "false"),
            Map.entry("GOLDPAN_JOBS_DEAD_LETTER_POLLER_ENABLED", "false"),
            Map.entry("GOLDPAN_EVENTS_DEAD_LETTER_POLLER_ENABLED", "false"),
            Map.entry("GOLDPAN_SWEEPER_ENABLED", "false"),
            // Each job message names its owner as its message group: SQS fair queues then share
            // the runners between owners on top of the functions' own per-owner release.
            Map.entry("GOLDPAN_JOBS_QUEUE_MESSAGE_GROUPS", "true")));
    if (outbound && settings.vapidSecretArn().isPresent()) {
      // Resolved by CloudFormation at deploy time, like the database password: no code reads
      // Secrets Manager. Without the pair (or without internet) the Notifications page says push
      // is not set up here.
      String arn = settings.vapidSecretArn().get();
      environment.put(
          "GOLDPAN_PUSH_VAPID_PUBLIC_KEY",
          "{{resolve:secretsmanager:" + arn + ":SecretString:publicKey}}");
      environment.put(
          "GOLDPAN_PUSH_VAPID_PRIVATE_KEY",
          "{{resolve:secretsmanager:" + arn + ":SecretString:privateKey}}");
    }
    Api api =
        new Api(
            this, "Api", code, environment, database, settings, queues.jobs(), storage.bucket());
    storage.allowGalleryOrigin(api.origin());
    new EventsConsumer(
        this,
        "EventsConsumer",
        code,
        environment,
        database,
        settings,
        queues.events(),
        queues.eventsDlq());
    new DeadLetterAlarms(this, "DeadLetterAlarms", queues.jobsDlq(), queues.eventsDlq());
    new SweeperFunction(
        this, "Sweeper", code, environment, database, settings, queues.jobs(), storage.bucket());
    new JobsDeadLetterConsumer(
        this, "DeadLetters", code, environment, database, settings, queues.jobsDlq());
    if (outbound) {
      new OutboxFunction(this, "Outbox", code, environment, database, settings, storage.bucket());
    }

    RunnerIdentity runners =
        new RunnerIdentity(
            this, "Runner", settings, queues.jobs(), queues.events(), storage.bucket());
    String models = String.join(",", settings.modelList());
    if (settings.gpuRunners()) {
      new GpuRunners(
          this,
          "GpuRunners",
          settings,
          runners.role(),
          queues.jobs(),
          RunnerEnv.render(
              getRegion(),
              queues.jobs().getQueueUrl(),
              queues.events().getQueueUrl(),
              storage.bucket().getBucketName(),
              models,
              "cuda",
              false));
    }

    output("ApiUrl", api.url(), "Base URL of the HTTP API and gallery");
    output("JobsQueueUrl", queues.jobs().getQueueUrl(), "GOLDPAN_JOBS_QUEUE");
    output("EventsQueueUrl", queues.events().getQueueUrl(), "GOLDPAN_EVENTS_QUEUE");
    output("BucketName", storage.bucket().getBucketName(), "GOLDPAN_BUCKET");
    output("RunnerRoleArn", runners.role().getRoleArn(), "Role of EC2 GPU runners");
    runners
        .user()
        .ifPresent(
            user ->
                output(
                    "RunnerUserName",
                    user.getUserName(),
                    "IAM user for a home runner: aws iam create-access-key --user-name <this>"));
    output(
        "RunnerEnv",
        RunnerEnv.render(
            getRegion(),
            queues.jobs().getQueueUrl(),
            queues.events().getQueueUrl(),
            storage.bucket().getBucketName(),
            models,
            "auto",
            true),
        "runner.env for a home runner; replace the two access key placeholders");
  }

  private void output(String id, String value, String description) {
    CfnOutput.Builder.create(this, id).value(value).description(description).build();
  }
}
