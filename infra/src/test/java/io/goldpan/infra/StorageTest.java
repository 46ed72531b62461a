package io.goldpan.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;

class StorageTest {
  private final Synth.Synthesized stack = Synth.existingDb();

  @Test
  void bucket_blocksAllPublicAccess() {
    stack
        .template()
        .hasResourceProperties(
            "AWS::S3::Bucket",
            Map.of(
                "PublicAccessBlockConfiguration",
                Map.of(
                    "BlockPublicAcls",
                    true,
                    "BlockPublicPolicy",
                    true,
                    "IgnorePublicAcls",
                    true,
                    "RestrictPublicBuckets",
                    true)));
  }

  @Test
  void bucket_policyDeniesEveryRequestWithoutTls() {
    String bucket = stack.logicalId("AWS::S3::Bucket", "StorageBucket");
    List<Map<String, Object>> denials =
        stack.ofType("AWS::S3::BucketPolicy").values().stream()
            .filter(p -> Json.references(p.get("Bucket"), bucket))
            .flatMap(p -> Json.statements(p).stream())
            .filter(s -> "Deny".equals(s.get("Effect")))
            .toList();

    assertThat(denials)
        .anySatisfy(
            s -> {
              assertThat(s.get("Action")).isEqualTo("s3:*");
              assertThat(s.get("Condition"))
                  .isEqualTo(Map.of("Bool", Map.of("aws:SecureTransport", "false")));
            });
  }

  @Test
  void bucket_encryptsWithS3ManagedKeysAndDisablesAcls() {
    stack
        .template()
        .hasResourceProperties(
            "AWS::S3::Bucket",
            Map.of(
                "BucketEncryption",
                    Map.of(
                        "ServerSideEncryptionConfiguration",
                        List.of(
                            Map.of(
                                "ServerSideEncryptionByDefault",
                                Map.of("SSEAlgorithm", "AES256")))),
                "OwnershipControls",
                    Map.of("Rules", List.of(Map.of("ObjectOwnership", "BucketOwnerEnforced")))));
  }

  @Test
  void bucket_expiresCancelMarkersAndAbortsStaleUploads_andNoRuleWaitsForATagNobodySets() {
    stack
        .template()
        .hasResourceProperties(
            "AWS::S3::Bucket",
            Map.of(
                "LifecycleConfiguration",
                Map.of(
                    "Rules",
                    Match.arrayWith(
                        List.of(
                            Match.objectLike(
                                Map.of(
                                    "AbortIncompleteMultipartUpload",
                                    Map.of("DaysAfterInitiation", 1))),
                            Match.objectLike(
                                Map.of("Prefix", "cancel/", "ExpirationInDays", 3)))))));
    // Discarded images are deleted by the sweeper after 14 days (it knows when each was
    // discarded); a tag rule would need every discard to tag its objects.
    assertThat(stack.ofType("AWS::S3::Bucket").values().toString()).doesNotContain("TagFilters");
  }

  @Test
  void sweeper_mayLookForAndDeleteImagesAndMarkers_andListOnlyUnderThosePrefixes() {
    Map<String, Object> policy =
        stack.ofType("AWS::IAM::Policy").values().stream()
            .filter(p -> p.toString().contains("SweeperHandler"))
            .findFirst()
            .orElseThrow();
    String statements = policy.get("PolicyDocument").toString();

    assertThat(statements)
        .contains("s3:DeleteObject", "s3:GetObject", "s3:ListBucket", "images/*", "cancel/*");
    assertThat(statements).contains("s3:prefix");
  }

  @Test
  void bucket_isRetainedWhenTheStackIsDeleted() {
    stack
        .template()
        .hasResource(
            "AWS::S3::Bucket", Map.of("DeletionPolicy", "Retain", "UpdateReplacePolicy", "Retain"));
  }

  @Test
  void bucket_allowsCrossOriginReadsOnlyFromTheApiOrigin() {
    String api = stack.logicalId("AWS::ApiGatewayV2::Api", "ApiHttpApi");
    Map<String, Object> bucket = stack.ofType("AWS::S3::Bucket").values().iterator().next();
    List<Object> rules = Json.list(Json.map(bucket.get("CorsConfiguration")).get("CorsRules"));

    assertThat(rules)
        .singleElement()
        .satisfies(
            rule -> {
              Map<String, Object> r = Json.map(rule);
              assertThat(Json.list(r.get("AllowedMethods")))
                  .containsExactlyInAnyOrder("GET", "HEAD");
              assertThat(Json.list(r.get("AllowedOrigins")))
                  .singleElement()
                  .satisfies(origin -> assertThat(Json.references(origin, api)).isTrue());
            });
  }
}
