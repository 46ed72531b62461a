package io.goldpan.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GpuRunnersTest {
  private final Synth.Synthesized withGpus = Synth.auroraWithGpus();

  @Test
  void gpuGroup_startsAtZeroAndStopsAtTheConfiguredMaximum() {
    assertThat(withGpus.ofType("AWS::AutoScaling::AutoScalingGroup").values())
        .singleElement()
        .satisfies(
            g -> {
              assertThat(g.get("MinSize")).isEqualTo("0");
              assertThat(g.get("MaxSize")).isEqualTo("3");
              assertThat(g).doesNotContainKey("DesiredCapacity");
            });
  }

  @Test
  void gpuGroup_isAbsentUnlessEnabled() {
    assertThat(Synth.existingDb().ofType("AWS::AutoScaling::AutoScalingGroup")).isEmpty();
    assertThat(Synth.existingDb().ofType("AWS::EC2::LaunchTemplate")).isEmpty();
  }

  @Test
  void gpuInstances_runAsTheRunnerRoleWithImdsV2() {
    String role = withGpus.logicalId("AWS::IAM::Role", "RunnerRole");

    assertThat(withGpus.ofType("AWS::IAM::InstanceProfile").values())
        .singleElement()
        .satisfies(p -> assertThat(Json.list(p.get("Roles"))).containsExactly(Json.ref(role)));
    withGpus
        .template()
        .hasResourceProperties(
            "AWS::EC2::LaunchTemplate",
            Map.of(
                "LaunchTemplateData",
                Map.of(
                    "InstanceType",
                    "g5.xlarge",
                    "MetadataOptions",
                    Map.of("HttpTokens", "required"))));
  }

  @Test
  void gpuGroup_scalesOutOnWaitingJobsAndInOnlyWhenNothingIsWaitingOrInFlight() {
    Map<String, Map<String, Object>> alarms = withGpus.ofType("AWS::CloudWatch::Alarm");
    Map<String, Object> waiting =
        alarms.get(withGpus.logicalId("AWS::CloudWatch::Alarm", "GpuRunnersJobsWaiting"));
    Map<String, Object> idle =
        alarms.get(withGpus.logicalId("AWS::CloudWatch::Alarm", "GpuRunnersQueueIdle"));

    assertThat(waiting.get("MetricName")).isEqualTo("ApproximateNumberOfMessagesVisible");
    assertThat(waiting.get("ComparisonOperator")).isEqualTo("GreaterThanOrEqualToThreshold");
    assertThat(idle.get("ComparisonOperator")).isEqualTo("LessThanOrEqualToThreshold");
    assertThat(idle.get("EvaluationPeriods")).isEqualTo(15);
    assertThat(idle.get("Metrics").toString())
        .contains("ApproximateNumberOfMessagesVisible", "ApproximateNumberOfMessagesNotVisible");
    withGpus
        .template()
        .hasResourceProperties(
            "AWS::AutoScaling::ScalingPolicy",
            Map.of(
                "AdjustmentType",
                "ExactCapacity",
                "StepAdjustments",
                List.of(Map.of("MetricIntervalUpperBound", 0, "ScalingAdjustment", 0))));
  }

  @Test
  void gpuInstances_installTheRunnerAsASystemdService() {
    String userData =
        withGpus
            .ofType("AWS::EC2::LaunchTemplate")
            .values()
            .iterator()
            .next()
            .get("LaunchTemplateData")
            .toString();

    assertThat(userData)
        .contains(
            "openjdk-17-jdk-headless",
            "https://example.com/goldpan.git",
            "goldpan-runner --env-file /etc/goldpan/runner.env",
            "systemctl enable --now goldpan-runner",
            "GOLDPAN_EXECUTION_PROVIDER=cuda")
        .doesNotContain("AWS_SECRET_ACCESS_KEY");
  }
}
