package io.goldpan.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class RunnerIdentityTest {
  private final Synth.Synthesized stack = Synth.existingDb();

  @Test
  void runnerPolicy_allowsExactlyTheRunnersCallsOnItsQueuesAndPrefixes() {
    String jobs = stack.logicalId("AWS::SQS::Queue", "QueuesJobs");
    String events = stack.logicalId("AWS::SQS::Queue", "QueuesEvents");
    String bucket = stack.logicalId("AWS::S3::Bucket", "StorageBucket");
    Map<Object, Set<String>> expected =
        Map.of(
            Json.getAtt(jobs, "Arn"),
                Set.of(
                    "sqs:ReceiveMessage",
                    "sqs:DeleteMessage",
                    "sqs:ChangeMessageVisibility",
                    "sqs:GetQueueUrl",
                    "sqs:GetQueueAttributes"),
            Json.getAtt(events, "Arn"), Set.of("sqs:SendMessage", "sqs:GetQueueUrl"),
            Json.bucketArnPlus(bucket, "/images/*"), Set.of("s3:PutObject", "s3:GetObject"),
            Json.bucketArnPlus(bucket, "/thumbs/*"), Set.of("s3:PutObject"),
            Json.bucketArnPlus(bucket, "/cancel/*"), Set.of("s3:GetObject"),
            Json.getAtt(bucket, "Arn"), Set.of("s3:ListBucket"));

    Map<Object, Set<String>> granted = new HashMap<>();
    for (Map<String, Object> statement : runnerStatements()) {
      assertThat(statement.get("Effect")).isEqualTo("Allow");
      assertThat(statement).doesNotContainKeys("NotAction", "NotResource");
      for (Object resource : Json.list(statement.get("Resource"))) {
        for (Object action : Json.list(statement.get("Action"))) {
          granted.computeIfAbsent(resource, r -> new TreeSet<>()).add((String) action);
        }
      }
    }

    assertThat(granted).isEqualTo(expected);
  }

  @Test
  void runnerPolicy_listsTheBucketOnlyUnderCancel() {
    String bucket = stack.logicalId("AWS::S3::Bucket", "StorageBucket");
    List<Map<String, Object>> listing =
        runnerStatements().stream()
            .filter(s -> Json.list(s.get("Action")).contains("s3:ListBucket"))
            .toList();

    assertThat(listing)
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.get("Resource")).isEqualTo(Json.getAtt(bucket, "Arn"));
              assertThat(s.get("Condition"))
                  .isEqualTo(Map.of("StringLike", Map.of("s3:prefix", List.of("cancel/*"))));
            });
  }

  @Test
  void runnerRole_isAssumableOnlyByEc2AndCarriesOnlyTheRunnerPolicy() {
    String policy = stack.logicalId("AWS::IAM::ManagedPolicy", "RunnerPolicy");
    Map<String, Object> role =
        stack.ofType("AWS::IAM::Role").get(stack.logicalId("AWS::IAM::Role", "RunnerRole"));

    assertThat(Json.statements(Map.of("PolicyDocument", role.get("AssumeRolePolicyDocument"))))
        .singleElement()
        .satisfies(
            s -> assertThat(s.get("Principal")).isEqualTo(Map.of("Service", "ec2.amazonaws.com")));
    assertThat(Json.list(role.get("ManagedPolicyArns"))).containsExactly(Json.ref(policy));
    assertThat(role).doesNotContainKey("Policies");
  }

  @Test
  void homeRunnerUser_getsThePolicyButNoAccessKeyInTheTemplate() {
    String policy = stack.logicalId("AWS::IAM::ManagedPolicy", "RunnerPolicy");

    assertThat(stack.ofType("AWS::IAM::User").values())
        .singleElement()
        .satisfies(
            u ->
                assertThat(Json.list(u.get("ManagedPolicyArns")))
                    .containsExactly(Json.ref(policy)));
    assertThat(stack.ofType("AWS::IAM::AccessKey")).isEmpty();
    assertThat(Synth.auroraWithGpus().ofType("AWS::IAM::User")).as("runnerUser=false").isEmpty();
  }

  @Test
  void runnerEnvOutput_namesTheQueuesAndBucketAndLeavesTheKeyToFillIn() {
    Map<String, Object> outputs = Json.map(stack.json().get("Outputs"));
    String rendered = outputs.get("RunnerEnv").toString();

    assertThat(outputs)
        .containsKeys(
            "ApiUrl",
            "JobsQueueUrl",
            "EventsQueueUrl",
            "BucketName",
            "RunnerRoleArn",
            "RunnerUserName");
    assertThat(rendered)
        .contains(
            "GOLDPAN_JOBS_QUEUE=",
            "GOLDPAN_EVENTS_QUEUE=",
            "GOLDPAN_BUCKET=",
            "GOLDPAN_AWS_REGION=",
            "GOLDPAN_VISIBILITY_TIMEOUT=60",
            "GOLDPAN_EXECUTION_PROVIDER=auto",
            "GOLDPAN_MODELS=demo",
            "AWS_ACCESS_KEY_ID=" + RunnerEnv.KEY_ID_PLACEHOLDER,
            "AWS_SECRET_ACCESS_KEY=" + RunnerEnv.SECRET_PLACEHOLDER);
  }

  private List<Map<String, Object>> runnerStatements() {
    return Json.statements(
        stack
            .ofType("AWS::IAM::ManagedPolicy")
            .get(stack.logicalId("AWS::IAM::ManagedPolicy", "RunnerPolicy")));
  }
}
