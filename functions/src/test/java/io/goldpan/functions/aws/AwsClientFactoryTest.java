package io.goldpan.functions.aws;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.sqs.SqsClient;

class AwsClientFactoryTest {

  @Test
  void region_isTheConfiguredOne_thenAwsRegion_thenAwsDefaultRegion_thenUsEast1() {
    Map<String, String> both =
        Map.of("AWS_REGION", "eu-west-3", "AWS_DEFAULT_REGION", "ap-south-1");

    assertThat(regions(config("eu-north-1"), both)).containsOnly(Region.EU_NORTH_1);
    assertThat(regions(config(null), both)).containsOnly(Region.EU_WEST_3);
    assertThat(regions(config(" "), Map.of("AWS_DEFAULT_REGION", "ap-south-1")))
        .containsOnly(Region.AP_SOUTH_1);
    assertThat(regions(config(null), Map.of())).containsOnly(Region.US_EAST_1);
  }

  private static AwsConfig config(String region) {
    return new AwsConfig(region, null, null, "test", "test");
  }

  /** The regions of the SQS client, the S3 client and the presigner's signatures. */
  private static Region[] regions(AwsConfig config, Map<String, String> env) {
    AwsClientFactory factory = new AwsClientFactory(config, env::get);
    try (SqsClient sqs = factory.sqsClient();
        S3Client s3 = factory.s3Client();
        S3Presigner presigner = factory.s3Presigner()) {
      // the signing scope: X-Amz-Credential=<key>/<date>/<region>/s3/aws4_request
      String query =
          presigner
              .presignGetObject(
                  r ->
                      r.signatureDuration(Duration.ofMinutes(1))
                          .getObjectRequest(g -> g.bucket("b").key("k")))
              .url()
              .getQuery()
              .replace("%2F", "/");
      Matcher scope =
          Pattern.compile("X-Amz-Credential=[^/]+/\\d+/([a-z0-9-]+)/s3/").matcher(query);
      assertThat(scope.find()).as(query).isTrue();
      return new Region[] {
        sqs.serviceClientConfiguration().region(),
        s3.serviceClientConfiguration().region(),
        Region.of(scope.group(1))
      };
    } finally {
      factory.closeCredentials();
    }
  }
}
