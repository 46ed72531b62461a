package io.goldpan.infra;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.aws_apigatewayv2_integrations.HttpLambdaIntegration;
import software.amazon.awscdk.services.apigatewayv2.HttpApi;
import software.amazon.awscdk.services.apigatewayv2.HttpStage;
import software.amazon.awscdk.services.apigatewayv2.PayloadFormatVersion;
import software.amazon.awscdk.services.apigatewayv2.ThrottleSettings;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.s3.IBucket;
import software.amazon.awscdk.services.sqs.IQueue;
import software.constructs.Construct;

/** The HTTP API and gallery: an API Gateway HTTP API proxying every route to the API Lambda. */
public final class Api extends Construct {
  public static final String HANDLER =
      "io.micronaut.function.aws.proxy.payload2.APIGatewayV2HTTPEventFunction";

  /**
   * A request is a few DB and SQS calls, but the first one after Aurora paused waits ~15 s for it
   * to resume; HTTP APIs give up at 30 s.
   */
  public static final Duration TIMEOUT = Duration.seconds(28);

  /** Memory buys CPU in Lambda: 1 GB keeps presigning and JSON fast for the phone. */
  public static final int MEMORY_MB = 1024;

  /** A phone and a few friends: generous for people, a ceiling for a runaway script. */
  public static final int THROTTLE_RATE = 20;

  public static final int THROTTLE_BURST = 40;

  private final JavaFunction function;
  private final HttpApi httpApi;
  private final HttpStage stage;

  public Api(
      Construct scope,
      String id,
      Code code,
      Map<String, String> environment,
      Database database,
      GoldpanSettings settings,
      IQueue jobs,
      IBucket bucket) {
    super(scope, id);
    Map<String, String> env = new HashMap<>(environment);
    settings.apiKey().ifPresent(key -> env.put("GOLDPAN_API_KEY", key));
    this.function =
        new JavaFunction(
            this,
            "Handler",
            new JavaFunction.Spec(HANDLER, MEMORY_MB, TIMEOUT, "Goldpan HTTP API and gallery"),
            code,
            env,
            database,
            settings);
    // Explicit actions: the CDK grant helpers add wildcards (s3:List*, s3:Abort*) this role never
    // uses.
    function.allow(List.of("sqs:SendMessage"), List.of(jobs.getQueueArn()));
    // Presigning is local, but a URL works only if its signer may GetObject.
    function.allow(
        List.of("s3:GetObject"),
        List.of(bucket.arnForObjects("images/*"), bucket.arnForObjects("thumbs/*")));
    function.allow(List.of("s3:PutObject"), List.of(bucket.arnForObjects("cancel/*")));
    // The gallery: runner status reads the jobs queue's depth; "purge discarded" deletes images.
    function.allow(List.of("sqs:GetQueueAttributes"), List.of(jobs.getQueueArn()));
    function.allow(
        List.of("s3:DeleteObject"),
        List.of(bucket.arnForObjects("images/*"), bucket.arnForObjects("thumbs/*")));
    // Purge's confirmation sizes the discarded images with one ListObjectsV2 per job prefix.
    function
        .function()
        .addToRolePolicy(
            PolicyStatement.Builder.create()
                .actions(List.of("s3:ListBucket"))
                .resources(List.of(bucket.getBucketArn()))
                .conditions(
                    Map.of("StringLike", Map.of("s3:prefix", List.of("images/*", "thumbs/*"))))
                .build());

    // One $default route: the functions route every path (API and gallery pages) themselves.
    this.httpApi =
        HttpApi.Builder.create(this, "HttpApi")
            .apiName("goldpan")
            .createDefaultStage(false)
            .defaultIntegration(
                HttpLambdaIntegration.Builder.create("Lambda", function.alias())
                    .payloadFormatVersion(PayloadFormatVersion.VERSION_2_0)
                    .build())
            .build();
    this.stage =
        HttpStage.Builder.create(this, "DefaultStage")
            .httpApi(httpApi)
            .stageName("$default")
            .autoDeploy(true)
            .throttle(
                ThrottleSettings.builder()
                    .rateLimit(THROTTLE_RATE)
                    .burstLimit(THROTTLE_BURST)
                    .build())
            .build();
  }

  /** The API's base URL, ending in '/'. */
  public String url() {
    return stage.getUrl();
  }

  /** The browser origin of the gallery pages this API serves. */
  public String origin() {
    return httpApi.getApiEndpoint();
  }

  public JavaFunction function() {
    return function;
  }
}
