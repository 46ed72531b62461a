package io.goldpan.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DatabaseTest {
  @Test
  void aurora_placesEveryFunctionInItsIsolatedSubnets() {
    Synth.Synthesized stack = Synth.auroraWithGpus();
    String group = stack.logicalId("AWS::EC2::SecurityGroup", "DatabaseFunctionsSecurityGroup");

    assertThat(stack.ofType("AWS::Lambda::Function").values())
        .hasSize(4)
        .allSatisfy(
            f -> {
              Map<String, Object> vpc = Json.map(f.get("VpcConfig"));
              assertThat(Json.list(vpc.get("SecurityGroupIds")))
                  .containsExactly(Json.getAtt(group, "GroupId"));
              assertThat(Json.list(vpc.get("SubnetIds")))
                  .hasSize(2)
                  .allSatisfy(s -> assertThat(s.toString()).contains("DatabaseVpcisolated"));
            });
  }

  @Test
  void aurora_scalesToZeroAndPausesWhenIdle() {
    Synth.auroraWithGpus()
        .template()
        .hasResourceProperties(
            "AWS::RDS::DBCluster",
            Map.of(
                "Engine",
                "aurora-postgresql",
                "StorageEncrypted",
                true,
                "ServerlessV2ScalingConfiguration",
                Map.of("MinCapacity", 0, "MaxCapacity", 2, "SecondsUntilAutoPause", 300)));
    Synth.auroraWithGpus()
        .template()
        .hasResourceProperties(
            "AWS::RDS::DBClusterParameterGroup",
            Map.of("Parameters", Map.of("idle_session_timeout", "60000")));
  }

  @Test
  void aurora_vpcHasNoNatGatewayButEndpointsForS3SqsAndSecretsManager() {
    Synth.Synthesized stack = Synth.auroraWithGpus();

    assertThat(stack.ofType("AWS::EC2::NatGateway")).isEmpty();
    assertThat(stack.ofType("AWS::EC2::VPCEndpoint").values())
        .extracting(
            e ->
                e.get("ServiceName").toString()
                    + " "
                    + e.getOrDefault("VpcEndpointType", "Gateway"))
        .hasSize(3)
        .anySatisfy(s -> assertThat(s).contains(".s3").endsWith("Gateway"))
        .anySatisfy(s -> assertThat(s).contains(".sqs").endsWith("Interface"))
        .anySatisfy(s -> assertThat(s).contains(".secretsmanager").endsWith("Interface"));
  }

  @Test
  void existingDatabase_needsNoVpcAndGrantsSecretReadOnThatSecretOnly() {
    Synth.Synthesized stack = Synth.existingDb();
    List<Map<String, Object>> secretStatements =
        stack.ofType("AWS::IAM::Policy").values().stream()
            .flatMap(p -> Json.statements(p).stream())
            .filter(
                s ->
                    Json.list(s.get("Action")).stream()
                        .anyMatch(a -> a.toString().startsWith("secretsmanager:")))
            .toList();

    assertThat(stack.ofType("AWS::EC2::VPC")).isEmpty();
    assertThat(stack.ofType("AWS::Lambda::Function").values())
        .allSatisfy(f -> assertThat(f).doesNotContainKey("VpcConfig"));
    assertThat(secretStatements)
        .hasSize(5)
        .allSatisfy(
            s -> {
              assertThat(Json.list(s.get("Action")))
                  .containsExactlyInAnyOrder(
                      "secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret");
              assertThat(s.get("Resource")).isEqualTo(Synth.SECRET_ARN);
            });
  }

  @Test
  void existingDatabase_reachesTheFunctionsAsDynamicReferencesNeverAsPlainText() {
    Map<String, Object> env =
        Json.map(
            Json.map(Synth.existingDb().function(Api.HANDLER).get("Environment")).get("Variables"));
    String resolve = "{{resolve:secretsmanager:" + Synth.SECRET_ARN + ":SecretString:";

    assertThat(env.get("DATASOURCES_DEFAULT_URL").toString())
        .contains(
            "jdbc:postgresql://",
            resolve + "host::}}",
            resolve + "port::}}",
            resolve + "dbname::}}");
    assertThat(env.get("DATASOURCES_DEFAULT_USERNAME").toString())
        .contains(resolve + "username::}}");
    assertThat(env.get("DATASOURCES_DEFAULT_PASSWORD").toString())
        .contains(resolve + "password::}}");
    assertThat(env)
        .containsEntry("DATASOURCES_DEFAULT_DIALECT", "POSTGRES")
        .containsEntry("GOLDPAN_DB_SECRET_ARN", Synth.SECRET_ARN);
  }
}
