package io.goldpan.infra;

import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.autoscaling.AdjustmentTier;
import software.amazon.awscdk.services.autoscaling.AdjustmentType;
import software.amazon.awscdk.services.autoscaling.AutoScalingGroup;
import software.amazon.awscdk.services.autoscaling.MetricAggregationType;
import software.amazon.awscdk.services.autoscaling.StepScalingAction;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.MathExpression;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.AutoScalingAction;
import software.amazon.awscdk.services.ec2.InstanceType;
import software.amazon.awscdk.services.ec2.LaunchTemplate;
import software.amazon.awscdk.services.ec2.MachineImage;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.SubnetConfiguration;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.ec2.UserData;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.iam.IRole;
import software.amazon.awscdk.services.sqs.IQueue;
import software.constructs.Construct;

/**
 * Cloud GPU runners: an auto scaling group that grows from 0 when jobs wait and returns to 0 when
 * the jobs queue has been empty (nothing waiting, nothing in flight) for {@link
 * #IDLE_BEFORE_SCALE_IN}.
 */
public final class GpuRunners extends Construct {
  public static final Duration IDLE_BEFORE_SCALE_IN = Duration.minutes(15);

  /** First boot installs Java and Maven and builds the runner before it polls. */
  public static final Duration WARMUP = Duration.minutes(10);

  static final String MAVEN_VERSION = "3.9.11";

  private final AutoScalingGroup group;

  public GpuRunners(
      Construct scope,
      String id,
      GoldpanSettings settings,
      IRole runnerRole,
      IQueue jobs,
      String runnerEnv) {
    super(scope, id);
    // Public subnets and no inbound rules: instances reach SQS and S3 over the internet without a
    // NAT gateway (about $33 a month), and nothing can connect to them.
    Vpc vpc =
        Vpc.Builder.create(this, "Vpc")
            .maxAzs(2)
            .natGateways(0)
            .subnetConfiguration(
                List.of(
                    SubnetConfiguration.builder()
                        .name("public")
                        .subnetType(SubnetType.PUBLIC)
                        .cidrMask(24)
                        .build()))
            .build();
    SecurityGroup securityGroup =
        SecurityGroup.Builder.create(this, "SecurityGroup")
            .vpc(vpc)
            .description("Goldpan GPU runners: outbound only")
            .allowAllOutbound(true)
            .build();
    LaunchTemplate template =
        LaunchTemplate.Builder.create(this, "LaunchTemplate")
            .instanceType(new InstanceType(settings.gpuInstanceType()))
            .machineImage(MachineImage.fromSsmParameter(settings.gpuAmiParameter()))
            .role(runnerRole)
            .securityGroup(securityGroup)
            .requireImdsv2(true)
            .userData(userData(settings, runnerEnv))
            .build();
    this.group =
        AutoScalingGroup.Builder.create(this, "Group")
            .vpc(vpc)
            .vpcSubnets(SubnetSelection.builder().subnetType(SubnetType.PUBLIC).build())
            .launchTemplate(template)
            .minCapacity(0)
            .maxCapacity(settings.gpuMaxInstances())
            .defaultInstanceWarmup(WARMUP)
            .build();

    MetricOptions perMinute =
        MetricOptions.builder().period(Duration.minutes(1)).statistic("Maximum").build();
    StepScalingAction scaleOut =
        StepScalingAction.Builder.create(this, "ScaleOut")
            .autoScalingGroup(group)
            .adjustmentType(AdjustmentType.CHANGE_IN_CAPACITY)
            .metricAggregationType(MetricAggregationType.MAXIMUM)
            .estimatedInstanceWarmup(WARMUP)
            .build();
    // Bounds are relative to the alarm threshold (1 visible message).
    scaleOut.addAdjustment(
        AdjustmentTier.builder().lowerBound(0).upperBound(10).adjustment(1).build());
    scaleOut.addAdjustment(AdjustmentTier.builder().lowerBound(10).adjustment(2).build());
    Alarm.Builder.create(this, "JobsWaiting")
        .alarmDescription("Goldpan jobs wait for a GPU runner")
        .metric(jobs.metricApproximateNumberOfMessagesVisible(perMinute))
        .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
        .threshold(1)
        .evaluationPeriods(1)
        .treatMissingData(TreatMissingData.NOT_BREACHING)
        .build()
        .addAlarmAction(new AutoScalingAction(scaleOut));

    StepScalingAction scaleIn =
        StepScalingAction.Builder.create(this, "ScaleIn")
            .autoScalingGroup(group)
            .adjustmentType(AdjustmentType.EXACT_CAPACITY)
            .metricAggregationType(MetricAggregationType.MAXIMUM)
            .build();
    scaleIn.addAdjustment(AdjustmentTier.builder().upperBound(0).adjustment(0).build());
    // In-flight messages count: a runner painting a job must not be terminated under it.
    MathExpression backlog =
        MathExpression.Builder.create()
            .expression("visible + inflight")
            .usingMetrics(
                Map.of(
                    "visible", jobs.metricApproximateNumberOfMessagesVisible(perMinute),
                    "inflight", jobs.metricApproximateNumberOfMessagesNotVisible(perMinute)))
            .period(Duration.minutes(1))
            .build();
    int idleMinutes = IDLE_BEFORE_SCALE_IN.toMinutes().intValue();
    Alarm.Builder.create(this, "QueueIdle")
        .alarmDescription("Goldpan jobs queue empty, nothing in flight")
        .metric(backlog)
        .comparisonOperator(ComparisonOperator.LESS_THAN_OR_EQUAL_TO_THRESHOLD)
        .threshold(0)
        .evaluationPeriods(idleMinutes)
        // An idle queue may stop reporting metrics altogether: silence means idle.
        .treatMissingData(TreatMissingData.BREACHING)
        .build()
        .addAlarmAction(new AutoScalingAction(scaleIn));
  }

  private static UserData userData(GoldpanSettings settings, String runnerEnv) {
    String maven = "apache-maven-" + MAVEN_VERSION;
    String mavenUrl =
        "https://archive.apache.org/dist/maven/maven-3/"
            + MAVEN_VERSION
            + "/binaries/"
            + maven
            + "-bin.tar.gz";
    UserData data = UserData.forLinux();
    data.addCommands(
        "set -euo pipefail",
        "export DEBIAN_FRONTEND=noninteractive",
        "apt-get update -q",
        "apt-get install -y -q openjdk-17-jdk-headless git curl",
        // Ubuntu 22.04's Maven is 3.6; the build enforces 3.8+.
        "curl -fsSL -o /tmp/maven.tgz " + mavenUrl,
        "curl -fsSL -o /tmp/maven.tgz.sha512 " + mavenUrl + ".sha512",
        "echo \"$(cut -d' ' -f1 /tmp/maven.tgz.sha512)  /tmp/maven.tgz\" | sha512sum -c -",
        "tar -xzf /tmp/maven.tgz -C /opt && ln -sfn /opt/" + maven + " /opt/maven",
        "id goldpan >/dev/null 2>&1 || useradd --system --create-home --home-dir /opt/goldpan"
            + " --shell /usr/sbin/nologin goldpan",
        "[ -d /opt/goldpan/src ] || sudo -u goldpan git clone --depth 1 --branch '"
            + settings.runnerRef()
            + "' '"
            + settings.runnerRepo().orElseThrow()
            + "' /opt/goldpan/src",
        "install -d -m 0750 -o root -g goldpan /etc/goldpan",
        "cat > /etc/goldpan/runner.env <<'GOLDPAN_ENV'\n" + runnerEnv + "GOLDPAN_ENV",
        "chgrp goldpan /etc/goldpan/runner.env && chmod 0640 /etc/goldpan/runner.env",
        "cat > /etc/systemd/system/goldpan-runner.service <<'GOLDPAN_UNIT'\n"
            + String.join(
                "\n",
                "[Unit]",
                "Description=Goldpan GPU runner",
                "Wants=network-online.target",
                "After=network-online.target",
                "[Service]",
                "User=goldpan",
                "WorkingDirectory=/opt/goldpan/src",
                "Environment=PATH=/opt/maven/bin:/usr/local/bin:/usr/bin:/bin",
                "ExecStart=/opt/goldpan/src/gpu-runner/goldpan-runner --env-file"
                    + " /etc/goldpan/runner.env",
                "Restart=always",
                "RestartSec=10",
                // On scale-in SIGTERM lets the runner finish or release its job before the instance
                // stops.
                "TimeoutStopSec=120",
                "[Install]",
                "WantedBy=multi-user.target")
            + "\nGOLDPAN_UNIT",
        "systemctl daemon-reload",
        "systemctl enable --now goldpan-runner");
    return data;
  }

  public AutoScalingGroup group() {
    return group;
  }
}
