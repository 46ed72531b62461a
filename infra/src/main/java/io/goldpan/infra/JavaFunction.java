package io.goldpan.infra;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.lambda.SnapStartConf;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.constructs.Construct;

/**
 * One Lambda from the functions jar: Java 17, its own role, a log group with a retention,
 * SnapStart, and a {@code live} alias on the published version that every trigger must invoke.
 *
 * <p>SnapStart snapshots a function's initialised memory when a version is published and restores
 * it on cold start, so Micronaut's start-up (seconds) is paid once per deploy rather than per cold
 * start. It applies only to published versions: invoking {@code $LATEST} would bypass it, hence the
 * alias.
 */
public final class JavaFunction extends Construct {
  public static final RetentionDays LOG_RETENTION = RetentionDays.ONE_MONTH;
  public static final String ALIAS = "live";

  /** What differs between the three functions. */
  public record Spec(String handler, int memoryMb, Duration timeout, String description) {}

  private final Function function;
  private final Alias alias;

  public JavaFunction(
      Construct scope,
      String id,
      Spec spec,
      Code code,
      Map<String, String> environment,
      Database database,
      GoldpanSettings settings) {
    super(scope, id);
    RemovalPolicy removal =
        settings.destroyOnDelete() ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN;
    LogGroup logs =
        LogGroup.Builder.create(this, "Logs")
            .retention(LOG_RETENTION)
            .removalPolicy(removal)
            .build();
    Map<String, String> env = new HashMap<>(environment);
    env.putAll(database.environment());
    Function.Builder builder =
        Function.Builder.create(this, "Function")
            .runtime(Runtime.JAVA_17)
            .architecture(Architecture.ARM_64) // plain Java: Graviton costs 20% less per GB-second
            .handler(spec.handler())
            .code(code)
            .memorySize(spec.memoryMb())
            .timeout(spec.timeout())
            .description(spec.description())
            .environment(env)
            .snapStart(SnapStartConf.ON_PUBLISHED_VERSIONS)
            .logGroup(logs);
    database
        .vpc()
        .ifPresent(
            vpc ->
                builder
                    .vpc(vpc)
                    .vpcSubnets(
                        SubnetSelection.builder().subnetType(SubnetType.PRIVATE_ISOLATED).build())
                    .securityGroups(List.of(database.functionsSecurityGroup().orElseThrow())));
    this.function = builder.build();
    database.grantRead(function);
    this.alias =
        Alias.Builder.create(this, "Live")
            .aliasName(ALIAS)
            .version(function.getCurrentVersion())
            .build();
  }

  /** Adds one allow statement to this function's own role. */
  public void allow(List<String> actions, List<String> resources) {
    function.addToRolePolicy(
        PolicyStatement.Builder.create().actions(actions).resources(resources).build());
  }

  public Function function() {
    return function;
  }

  /** What triggers invoke: the SnapStart-enabled published version. */
  public Alias alias() {
    return alias;
  }
}
