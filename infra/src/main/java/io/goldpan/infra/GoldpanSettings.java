package io.goldpan.infra;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import software.constructs.Node;

/**
 * What varies between Goldpan deployments, read from CDK context ({@code -c key=value} or {@code
 * cdk.json}); see docs/deploy.md for every key.
 *
 * @param functionsCode the functions deployable: a jar/zip file or a directory (tests use a tiny
 *     one)
 * @param dbSecretArn complete ARN of an existing PostgreSQL secret, or empty to create Aurora
 * @param auroraMaxCapacity upper bound of the Aurora Serverless v2 cluster in ACUs
 * @param runnerUser whether to create an IAM user for a home runner (its key is made by hand)
 * @param gpuRunners whether to create the EC2 GPU runner auto scaling group
 * @param gpuInstanceType EC2 instance type of the GPU runners
 * @param gpuMaxInstances the most GPU runners at once
 * @param gpuAmiParameter SSM parameter holding the GPU runners' AMI id
 * @param runnerRepo git URL the GPU runners clone and build the runner from
 * @param runnerRef branch or tag of {@code runnerRepo}
 * @param models comma-separated models the API accepts and the runners load
 * @param apiKey optional bootstrap API key (lands in the Lambda environment)
 * @param sweepMinutes how often the sweeper runs
 * @param destroyOnDelete whether deleting the stack deletes the bucket, its images and the database
 * @param vapidSecretArn complete ARN of a Secrets Manager secret holding the Web Push key pair as
 *     JSON {@code {"publicKey": …, "privateKey": …}} (docs/notifications.md), or empty for no push
 */
public record GoldpanSettings(
    Path functionsCode,
    Optional<String> dbSecretArn,
    double auroraMaxCapacity,
    boolean runnerUser,
    boolean gpuRunners,
    String gpuInstanceType,
    int gpuMaxInstances,
    String gpuAmiParameter,
    Optional<String> runnerRepo,
    String runnerRef,
    String models,
    Optional<String> apiKey,
    int sweepMinutes,
    boolean destroyOnDelete,
    Optional<String> vapidSecretArn) {

  /** NVIDIA driver + CUDA + cuDNN on Ubuntu 22.04, kept current by AWS. */
  public static final String DEEP_LEARNING_AMI_PARAMETER =
      "/aws/service/deeplearning/ami/x86_64/base-oss-nvidia-driver-gpu-ubuntu-22.04/latest/ami-id";

  /** Where {@code infra/synth} and {@code cdk.json} expect the shaded functions jar. */
  public static final Path DEFAULT_FUNCTIONS_CODE =
      Path.of("../functions/target/goldpan-functions-lambda.jar");

  private static final Pattern SECRET_ARN =
      Pattern.compile("arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\\d{12}:secret:.+-[A-Za-z0-9]{6}");

  /**
   * The functions' key shape; a malformed bootstrap key would fail the SnapStart snapshot, so check
   * here.
   */
  private static final Pattern API_KEY = Pattern.compile("gp_[a-z0-9]{12}_[A-Za-z0-9_-]{43,256}");

  public GoldpanSettings {
    Objects.requireNonNull(functionsCode, "functionsCode");
    dbSecretArn.ifPresent(arn -> checkSecretArn("dbSecretArn", arn));
    vapidSecretArn.ifPresent(arn -> checkSecretArn("vapidSecretArn", arn));
    if (apiKey.isPresent() && !API_KEY.matcher(apiKey.get()).matches()) {
      throw new IllegalArgumentException(
          "apiKey must look like gp_<12 lower-case letters or digits>_<at least 43 base64url"
              + " characters>");
    }
    if (gpuMaxInstances < 1) {
      throw new IllegalArgumentException(
          "gpuMaxInstances must be at least 1, not " + gpuMaxInstances);
    }
    if (gpuRunners && runnerRepo.isEmpty()) {
      throw new IllegalArgumentException(
          "gpuRunners=true needs runnerRepo: the git URL the instances clone the runner from,"
              + " e.g. -c runnerRepo=https://github.com/you/goldpan.git");
    }
    if (sweepMinutes < 1) {
      throw new IllegalArgumentException("sweepMinutes must be at least 1, not " + sweepMinutes);
    }
    if (auroraMaxCapacity < 1) {
      throw new IllegalArgumentException(
          "auroraMaxCapacity must be at least 1 ACU, not " + auroraMaxCapacity);
    }
  }

  /** Defaults for everything but the code location: Aurora, a runner user, no GPU group. */
  public static GoldpanSettings defaults(Path functionsCode) {
    return new GoldpanSettings(
        functionsCode,
        Optional.empty(),
        2,
        true,
        false,
        "g5.xlarge",
        1,
        DEEP_LEARNING_AMI_PARAMETER,
        Optional.empty(),
        "main",
        "demo",
        Optional.empty(),
        60,
        false,
        Optional.empty());
  }

  /** Reads the settings from the app's context, failing with the key's name on a bad value. */
  public static GoldpanSettings fromContext(Node node) {
    ContextValues c = new ContextValues(node);
    Optional<String> secret = c.text("dbSecretArn");
    return new GoldpanSettings(
        Path.of(c.text("functionsCode").orElse(DEFAULT_FUNCTIONS_CODE.toString())),
        secret,
        c.number("auroraMaxCapacity", 2),
        c.flag("runnerUser", true),
        c.flag("gpuRunners", false),
        c.text("gpuInstanceType").orElse("g5.xlarge"),
        (int) c.number("gpuMaxInstances", 1),
        c.text("gpuAmiParameter").orElse(DEEP_LEARNING_AMI_PARAMETER),
        c.text("runnerRepo"),
        c.text("runnerRef").orElse("main"),
        c.text("models").orElse("demo"),
        c.text(
            "apiKey"), // Aurora pauses only after minutes without connections: a sweep every minute
        // would keep it
        // awake for good. Hourly still expires jobs (24 h deadline) and re-sends the rare unsent
        // one.
        (int) c.number("sweepMinutes", secret.isPresent() ? 1 : 60),
        c.flag("destroyOnDelete", false),
        c.text("vapidSecretArn"));
  }

  /** Whether this deployment creates its own Aurora Serverless v2 cluster. */
  public boolean aurora() {
    return dbSecretArn.isEmpty();
  }

  /** The model names, trimmed, in order. */
  public List<String> modelList() {
    return List.of(models.split(",")).stream()
        .map(String::strip)
        .filter(s -> !s.isEmpty())
        .toList();
  }

  /** Fails early, naming the build command, when the functions jar has not been built. */
  public void requireFunctionsCode() {
    if (!Files.exists(functionsCode)) {
      throw new IllegalStateException(
          "the functions deployable "
              + functionsCode.toAbsolutePath().normalize()
              + " does not exist; build it from the repository root with: mvn -B -q -DskipTests"
              + " package -pl functions -am (or pass -c functionsCode=PATH)");
    }
  }

  private static void checkSecretArn(String key, String arn) {
    if (!SECRET_ARN.matcher(arn).matches()) {
      throw new IllegalArgumentException(
          key
              + " must be a secret's complete ARN, ending in '-' and 6 characters"
              + " (arn:aws:secretsmanager:REGION:ACCOUNT:secret:NAME-AbCdEf), not '"
              + arn
              + "'");
    }
  }

  private record ContextValues(Node node) {
    Optional<String> text(String key) {
      Object value = node.tryGetContext(key);
      return value == null || value.toString().isBlank()
          ? Optional.empty()
          : Optional.of(value.toString().strip());
    }

    boolean flag(String key, boolean fallback) {
      return text(key)
          .map(
              v ->
                  switch (v.toLowerCase()) {
                    case "true" -> true;
                    case "false" -> false;
                    default ->
                        throw new IllegalArgumentException(
                            "context " + key + " must be true or false, not '" + v + "'");
                  })
          .orElse(fallback);
    }

    double number(String key, double fallback) {
      return text(key)
          .map(
              v -> {
                try {
                  return Double.parseDouble(v);
                } catch (NumberFormatException e) {
                  throw new IllegalArgumentException(
                      "context " + key + " must be a number, not '" + v + "'", e);
                }
              })
          .orElse(fallback);
    }
  }
}
