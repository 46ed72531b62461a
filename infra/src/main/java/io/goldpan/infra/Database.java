package io.goldpan.infra;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.ec2.GatewayVpcEndpointAwsService;
import software.amazon.awscdk.services.ec2.GatewayVpcEndpointOptions;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.InterfaceVpcEndpointAwsService;
import software.amazon.awscdk.services.ec2.InterfaceVpcEndpointOptions;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.SubnetConfiguration;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.iam.IGrantable;
import software.amazon.awscdk.services.rds.AuroraPostgresClusterEngineProps;
import software.amazon.awscdk.services.rds.AuroraPostgresEngineVersion;
import software.amazon.awscdk.services.rds.ClusterInstance;
import software.amazon.awscdk.services.rds.Credentials;
import software.amazon.awscdk.services.rds.DatabaseCluster;
import software.amazon.awscdk.services.rds.DatabaseClusterEngine;
import software.amazon.awscdk.services.secretsmanager.ISecret;
import software.amazon.awscdk.services.secretsmanager.Secret;
import software.constructs.Construct;

/**
 * Where the functions keep jobs: an existing PostgreSQL named by its Secrets Manager secret, or an
 * Aurora Serverless v2 cluster that pauses at 0 ACU, in a VPC without NAT gateways.
 *
 * <p>The functions receive the connection as {@code DATASOURCES_DEFAULT_*} variables whose values
 * are CloudFormation dynamic references ({@code {{resolve:secretsmanager:...}}}): CloudFormation
 * reads the secret at deploy time, so the template never holds the password and the functions need
 * no code to read Secrets Manager. A rotated password therefore takes effect on the next deploy.
 */
public final class Database extends Construct {
  public static final String DATABASE_NAME = "goldpan";
  public static final double AURORA_MIN_CAPACITY = 0;

  /** The shortest pause delay Aurora accepts. */
  public static final Duration AURORA_AUTO_PAUSE = Duration.minutes(5);

  private final ISecret secret;
  private final Map<String, String> environment;
  private final Optional<IVpc> vpc;
  private final Optional<SecurityGroup> functionsSecurityGroup;

  public Database(Construct scope, String id, GoldpanSettings settings) {
    super(scope, id);
    if (settings.dbSecretArn().isPresent()) {
      this.secret = Secret.fromSecretCompleteArn(this, "Secret", settings.dbSecretArn().get());
      this.vpc = Optional.empty();
      this.functionsSecurityGroup = Optional.empty();
      // The RDS secret layout: host, port, dbname, username, password.
      this.environment =
          environment(
              "jdbc:postgresql://" + field("host") + ":" + field("port") + "/" + field("dbname"));
      return;
    }
    Vpc network =
        Vpc.Builder.create(this, "Vpc")
            .maxAzs(2)
            .natGateways(0)
            .subnetConfiguration(
                List.of(
                    SubnetConfiguration.builder()
                        .name("isolated")
                        .subnetType(SubnetType.PRIVATE_ISOLATED)
                        .cidrMask(24)
                        .build()))
            .gatewayEndpoints(
                Map.of(
                    "S3",
                    GatewayVpcEndpointOptions.builder()
                        .service(GatewayVpcEndpointAwsService.S3)
                        .build()))
            .build();
    // Interface endpoints cost per hour and AZ; these two are all the functions call besides S3.
    network.addInterfaceEndpoint(
        "Sqs",
        InterfaceVpcEndpointOptions.builder().service(InterfaceVpcEndpointAwsService.SQS).build());
    network.addInterfaceEndpoint(
        "SecretsManager",
        InterfaceVpcEndpointOptions.builder()
            .service(InterfaceVpcEndpointAwsService.SECRETS_MANAGER)
            .build());
    SecurityGroup functions =
        SecurityGroup.Builder.create(this, "FunctionsSecurityGroup")
            .vpc(network)
            .description("Goldpan Lambdas: out to the database and the VPC endpoints")
            .allowAllOutbound(true)
            .build();
    DatabaseCluster cluster =
        DatabaseCluster.Builder.create(this, "Cluster")
            .engine(
                DatabaseClusterEngine.auroraPostgres(
                    AuroraPostgresClusterEngineProps.builder()
                        .version(AuroraPostgresEngineVersion.VER_16_9)
                        .build()))
            .writer(ClusterInstance.serverlessV2("writer"))
            .serverlessV2MinCapacity(AURORA_MIN_CAPACITY)
            .serverlessV2MaxCapacity(settings.auroraMaxCapacity())
            .serverlessV2AutoPauseDuration(AURORA_AUTO_PAUSE)
            // A paused cluster needs zero connections; a frozen Lambda keeps its pooled ones open,
            // so the
            // server drops idle sessions itself (Hikari validates and replaces them on the next
            // borrow).
            .parameters(Map.of("idle_session_timeout", "60000"))
            .credentials(Credentials.fromGeneratedSecret("goldpan"))
            .defaultDatabaseName(DATABASE_NAME)
            .storageEncrypted(true)
            .vpc(network)
            .vpcSubnets(SubnetSelection.builder().subnetType(SubnetType.PRIVATE_ISOLATED).build())
            .removalPolicy(
                settings.destroyOnDelete() ? RemovalPolicy.DESTROY : RemovalPolicy.SNAPSHOT)
            .build();
    cluster.getConnections().allowDefaultPortFrom(functions, "Goldpan Lambdas");
    this.secret = cluster.getSecret();
    this.vpc = Optional.<IVpc>of(network);
    this.functionsSecurityGroup = Optional.of(functions);
    this.environment =
        environment(
            "jdbc:postgresql://"
                + cluster.getClusterEndpoint().getSocketAddress()
                + "/"
                + DATABASE_NAME);
  }

  private Map<String, String> environment(String url) {
    return Map.of(
        "DATASOURCES_DEFAULT_URL", url,
        "DATASOURCES_DEFAULT_USERNAME", field("username"),
        "DATASOURCES_DEFAULT_PASSWORD", field("password"),
        "DATASOURCES_DEFAULT_DIALECT", "POSTGRES",
        "GOLDPAN_DB_SECRET_ARN", secret.getSecretArn());
  }

  private String field(String name) {
    return secret.secretValueFromJson(name).unsafeUnwrap();
  }

  /** Environment variables that connect the functions to this database. */
  public Map<String, String> environment() {
    return environment;
  }

  /** Lets a function read exactly this database's secret, for a runtime re-read after rotation. */
  public void grantRead(IGrantable function) {
    secret.grantRead(function);
  }

  public ISecret secret() {
    return secret;
  }

  /** The VPC the functions must join to reach Aurora; empty for an existing database. */
  public Optional<IVpc> vpc() {
    return vpc;
  }

  public Optional<SecurityGroup> functionsSecurityGroup() {
    return functionsSecurityGroup;
  }
}
