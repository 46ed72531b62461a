package io.goldpan.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awscdk.assertions.Match;

class FunctionsTest {
  static Stream<Synth.Synthesized> variants() {
    return Synth.both().stream();
  }

  @Test
  void withAnExistingDatabase_theOutboxSendsWebhooksAndNotificationsEveryMinute() {
    Synth.Synthesized stack = Synth.existingDb();
    String alias = stack.logicalId("AWS::Lambda::Alias", "OutboxHandlerLive");

    Map<String, Object> outbox = stack.function(OutboxFunction.HANDLER);
    assertThat(env(outbox))
        .containsEntry("GOLDPAN_WEBHOOKS_ENABLED", "true")
        .containsEntry(
            "GOLDPAN_PUSH_VAPID_PRIVATE_KEY",
            "{{resolve:secretsmanager:" + Synth.VAPID_SECRET_ARN + ":SecretString:privateKey}}");
    assertThat(env(stack.function(Api.HANDLER))).containsEntry("GOLDPAN_WEBHOOKS_ENABLED", "true");
    assertThat(stack.ofType("AWS::Events::Rule").values())
        .filteredOn(r -> r.get("Targets").toString().contains(alias))
        .singleElement()
        .satisfies(r -> assertThat(r.get("ScheduleExpression")).isEqualTo("rate(1 minute)"));
  }

  @Test
  void inTheAuroraVpcWithoutNat_noOutboxIsDeployed_andEveryFunctionRefusesWebhooks() {
    Synth.Synthesized stack = Synth.auroraWithGpus();

    assertThat(stack.ofType("AWS::Lambda::Function").values())
        .noneMatch(f -> OutboxFunction.HANDLER.equals(f.get("Handler")));
    assertThat(stack.ofType("AWS::Lambda::Function").values())
        .filteredOn(
            f -> f.get("Handler") != null && f.get("Handler").toString().startsWith("io.goldpan"))
        .isNotEmpty()
        .allSatisfy(
            f ->
                assertThat(env(f))
                    .containsEntry("GOLDPAN_WEBHOOKS_ENABLED", "false")
                    .doesNotContainKey("GOLDPAN_PUSH_VAPID_PRIVATE_KEY"));
  }

  private static Map<String, Object> env(Map<String, Object> function) {
    return Json.map(Json.map(function.get("Environment")).get("Variables"));
  }

  @Test
  void eventsConsumer_reportsPartialBatchFailuresToSqs() {
    Synth.existingDb()
        .template()
        .hasResourceProperties(
            "AWS::Lambda::EventSourceMapping",
            Map.of(
                "FunctionResponseTypes",
                List.of("ReportBatchItemFailures"),
                "BatchSize",
                EventsConsumer.BATCH_SIZE,
                "MaximumBatchingWindowInSeconds",
                2));
  }

  @Test
  void jobsDeadLetterConsumer_readsTheJobsDlqAndReportsPartialBatchFailures() {
    Synth.Synthesized stack = Synth.existingDb();
    String dlq = stack.logicalId("AWS::SQS::Queue", "QueuesJobsDlq");
    String alias = stack.logicalId("AWS::Lambda::Alias", "DeadLettersHandlerLive");

    assertThat(stack.ofType("AWS::Lambda::EventSourceMapping").values())
        .filteredOn(m -> Json.references(m.get("FunctionName"), alias))
        .singleElement()
        .satisfies(
            m -> {
              assertThat(m.get("FunctionResponseTypes"))
                  .isEqualTo(List.of("ReportBatchItemFailures"));
              assertThat(Json.references(m.get("EventSourceArn"), dlq)).isTrue();
            });
    assertThat(
            Json.map(stack.function(JobsDeadLetterConsumer.HANDLER).get("Environment"))
                .get("Variables"))
        .satisfies(
            v ->
                assertThat(Json.map(v))
                    .containsEntry(
                        "GOLDPAN_JOBS_DEAD_LETTER_MAX_RECEIVE_COUNT",
                        Integer.toString(Queues.MAX_RECEIVE_COUNT))
                    .containsEntry("GOLDPAN_JOBS_DEAD_LETTER_POLLER_ENABLED", "false"));
  }

  @Test
  void eventsConsumer_alsoAppliesWhatDeadLetteredFromTheEventsQueue() {
    Synth.Synthesized stack = Synth.existingDb();
    String dlq = stack.logicalId("AWS::SQS::Queue", "QueuesEventsDlq");
    String alias = stack.logicalId("AWS::Lambda::Alias", "EventsConsumerHandlerLive");

    assertThat(stack.ofType("AWS::Lambda::EventSourceMapping").values())
        .filteredOn(m -> Json.references(m.get("EventSourceArn"), dlq))
        .singleElement()
        .satisfies(
            m -> {
              assertThat(Json.references(m.get("FunctionName"), alias)).isTrue();
              assertThat(m.get("FunctionResponseTypes"))
                  .isEqualTo(List.of("ReportBatchItemFailures"));
            });
    assertThat(
            Json.map(
                Json.map(stack.function(EventsConsumer.HANDLER).get("Environment"))
                    .get("Variables")))
        .containsEntry("GOLDPAN_EVENTS_DEAD_LETTER_POLLER_ENABLED", "false")
        .containsEntry("GOLDPAN_JOBS_QUEUE_MESSAGE_GROUPS", "true");
  }

  @Test
  void deadLetterQueues_alarmWhenMessagesWaitInThem() {
    Synth.Synthesized stack = Synth.existingDb();
    String topic = stack.ofType("AWS::SNS::Topic").keySet().iterator().next();
    assertThat(stack.ofType("AWS::SNS::Topic").keySet())
        .as("the alarms topic")
        .singleElement()
        .asString()
        .startsWith("DeadLetterAlarms");

    for (String dlq : List.of("QueuesJobsDlq", "QueuesEventsDlq")) {
      String queueName = stack.logicalId("AWS::SQS::Queue", dlq);
      assertThat(stack.ofType("AWS::CloudWatch::Alarm").values())
          .as(dlq)
          .filteredOn(a -> a.toString().contains(queueName))
          .singleElement()
          .satisfies(
              a -> {
                assertThat(a.get("MetricName")).isEqualTo("ApproximateNumberOfMessagesVisible");
                assertThat(a.get("Threshold")).isEqualTo(1);
                assertThat(Json.references(a.get("AlarmActions"), topic)).isTrue();
              });
    }
  }

  @ParameterizedTest
  @MethodSource("variants")
  void everyJavaFunction_snapStartsItsPublishedVersions(Synth.Synthesized stack) {
    assertThat(stack.ofType("AWS::Lambda::Function").values())
        .filteredOn(f -> String.valueOf(f.get("Runtime")).startsWith("java"))
        .hasSize(stack.outbound() ? 5 : 4)
        .allSatisfy(
            f -> {
              assertThat(f.get("Runtime")).isEqualTo("java17");
              assertThat(f.get("SnapStart")).isEqualTo(Map.of("ApplyOn", "PublishedVersions"));
            });
  }

  @Test
  void everyTrigger_invokesTheLiveAliasSoSnapStartApplies() {
    Synth.Synthesized stack = Synth.existingDb();
    String apiAlias = stack.logicalId("AWS::Lambda::Alias", "ApiHandlerLive");
    String eventsAlias = stack.logicalId("AWS::Lambda::Alias", "EventsConsumerHandlerLive");
    String sweeperAlias = stack.logicalId("AWS::Lambda::Alias", "SweeperHandlerLive");

    assertThat(stack.ofType("AWS::ApiGatewayV2::Integration").values())
        .singleElement()
        .satisfies(i -> assertThat(i.get("IntegrationUri")).isEqualTo(Json.ref(apiAlias)));
    String deadLettersAlias = stack.logicalId("AWS::Lambda::Alias", "DeadLettersHandlerLive");
    assertThat(stack.ofType("AWS::Lambda::EventSourceMapping").values())
        .hasSize(3)
        .anySatisfy(m -> assertThat(Json.references(m.get("FunctionName"), eventsAlias)).isTrue())
        .anySatisfy(
            m -> assertThat(Json.references(m.get("FunctionName"), deadLettersAlias)).isTrue());
    String outboxAlias = stack.logicalId("AWS::Lambda::Alias", "OutboxHandlerLive");
    assertThat(stack.ofType("AWS::Events::Rule").values())
        .extracting(r -> Json.map(Json.list(r.get("Targets")).get(0)).get("Arn"))
        .containsExactlyInAnyOrder(Json.ref(sweeperAlias), Json.ref(outboxAlias));
    assertThat(stack.ofType("AWS::Lambda::Alias").values())
        .allSatisfy(a -> assertThat(a.get("Name")).isEqualTo(JavaFunction.ALIAS));
  }

  @Test
  void everyFunction_logsToAGroupThatKeepsLogsOneMonth() {
    Synth.Synthesized stack = Synth.existingDb();
    Map<String, Map<String, Object>> groups = stack.ofType("AWS::Logs::LogGroup");

    assertThat(stack.ofType("AWS::Lambda::Function").values())
        .hasSize(5)
        .allSatisfy(
            f -> {
              Object group = Json.map(f.get("LoggingConfig")).get("LogGroup");
              String groupId = (String) Json.map(group).get("Ref");
              assertThat(groups).containsKey(groupId);
              assertThat(groups.get(groupId).get("RetentionInDays")).isEqualTo(30);
            });
  }

  @ParameterizedTest
  @MethodSource("variants")
  void functionRoles_grantNoWildcardActionsAndNoWildcardResources(Synth.Synthesized stack) {
    Set<String> functionRoles = functionRoleIds(stack);
    List<Map<String, Object>> statements =
        stack.ofType("AWS::IAM::Policy").values().stream()
            .filter(
                p ->
                    Json.list(p.get("Roles")).stream()
                        .anyMatch(
                            r -> functionRoles.stream().anyMatch(role -> Json.references(r, role))))
            .flatMap(p -> Json.statements(p).stream())
            .toList();

    assertThat(statements)
        .isNotEmpty()
        .allSatisfy(
            s -> {
              assertThat(Json.list(s.get("Action")))
                  .allSatisfy(a -> assertThat((String) a).doesNotContain("*"));
              assertThat(Json.list(s.get("Resource"))).doesNotContain("*");
            });
    // The only AWS managed policies: logging, and ENI management that AWS requires for VPC
    // functions.
    assertThat(functionRoles)
        .allSatisfy(
            role ->
                assertThat(
                        Json.list(
                            stack.ofType("AWS::IAM::Role").get(role).get("ManagedPolicyArns")))
                    .allSatisfy(
                        arn ->
                            assertThat(arn.toString())
                                .containsAnyOf(
                                    "service-role/AWSLambdaBasicExecutionRole",
                                    "service-role/AWSLambdaVPCAccessExecutionRole")));
  }

  @Test
  void apiFunction_mayOnlyEnqueueJobsReadImagesWriteCancelMarkersAndSizeAndPurgeImages() {
    Synth.Synthesized stack = Synth.existingDb();
    String bucket = stack.logicalId("AWS::S3::Bucket", "StorageBucket");
    String jobs = stack.logicalId("AWS::SQS::Queue", "QueuesJobs");

    stack
        .template()
        .hasResourceProperties(
            "AWS::IAM::Policy",
            Map.of(
                "PolicyDocument",
                Map.of(
                    "Statement",
                    Match.arrayWith(
                        List.of(
                            Match.objectLike(
                                Map.of(
                                    "Action",
                                    "sqs:SendMessage",
                                    "Resource",
                                    Json.getAtt(jobs, "Arn"))),
                            Match.objectLike(
                                Map.of(
                                    "Action",
                                    "s3:GetObject",
                                    "Resource",
                                    List.of(
                                        Json.bucketArnPlus(bucket, "/images/*"),
                                        Json.bucketArnPlus(bucket, "/thumbs/*")))),
                            Match.objectLike(
                                Map.of(
                                    "Action",
                                    "s3:PutObject",
                                    "Resource",
                                    Json.bucketArnPlus(bucket, "/cancel/*"))),
                            Match.objectLike(
                                Map.of(
                                    "Action",
                                    "sqs:GetQueueAttributes",
                                    "Resource",
                                    Json.getAtt(jobs, "Arn"))),
                            Match.objectLike(
                                Map.of(
                                    "Action",
                                    "s3:DeleteObject",
                                    "Resource",
                                    List.of(
                                        Json.bucketArnPlus(bucket, "/images/*"),
                                        Json.bucketArnPlus(bucket, "/thumbs/*")))),
                            Match.objectLike(
                                Map.of(
                                    "Action",
                                    "s3:ListBucket",
                                    "Resource",
                                    Json.getAtt(bucket, "Arn"),
                                    "Condition",
                                    Map.of(
                                        "StringLike",
                                        Map.of(
                                            "s3:prefix", List.of("images/*", "thumbs/*"))))))))));
  }

  @Test
  void httpApi_proxiesToTheApiFunctionWithPayload2AndThrottlesTheDefaultStage() {
    Synth.Synthesized stack = Synth.existingDb();
    stack
        .template()
        .hasResourceProperties(
            "AWS::ApiGatewayV2::Integration",
            Map.of("IntegrationType", "AWS_PROXY", "PayloadFormatVersion", "2.0"));
    stack
        .template()
        .hasResourceProperties(
            "AWS::ApiGatewayV2::Stage",
            Map.of(
                "StageName",
                "$default",
                "DefaultRouteSettings",
                Map.of(
                    "ThrottlingBurstLimit",
                    Api.THROTTLE_BURST,
                    "ThrottlingRateLimit",
                    Api.THROTTLE_RATE)));
  }

  @Test
  void functions_runInLambdaModeWithoutTheServerPollerAndSweeper() {
    Synth.Synthesized stack = Synth.existingDb();
    assertThat(stack.ofType("AWS::Lambda::Function").values())
        .allSatisfy(
            f -> {
              Map<String, Object> env = Json.map(Json.map(f.get("Environment")).get("Variables"));
              assertThat(env)
                  .containsEntry("GOLDPAN_EVENTS_POLLER_ENABLED", "false")
                  .containsEntry("GOLDPAN_SWEEPER_ENABLED", "false")
                  .containsEntry("GOLDPAN_JOBS_MODELS", "demo")
                  .containsKeys(
                      "GOLDPAN_QUEUES_JOBS",
                      "GOLDPAN_QUEUES_EVENTS",
                      "GOLDPAN_BUCKET",
                      "GOLDPAN_AWS_REGION");
            });
  }

  @Test
  void everyHandlerTheStackNames_isAClassOnTheFunctionsClasspath() {
    List<String> handlers =
        Synth.existingDb().ofType("AWS::Lambda::Function").values().stream()
            .map(f -> (String) f.get("Handler"))
            .toList();

    assertThat(handlers)
        .hasSize(5)
        .allSatisfy(
            handler -> {
              String className = handler.split("::", 2)[0];
              assertThat(Class.forName(className, false, getClass().getClassLoader())).isNotNull();
            });
  }

  private static Set<String> functionRoleIds(Synth.Synthesized stack) {
    return stack.ofType("AWS::Lambda::Function").values().stream()
        .map(f -> (String) Json.list(Json.map(f.get("Role")).get("Fn::GetAtt")).get(0))
        .collect(Collectors.toSet());
  }
}
