package io.goldpan.functions.aws;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpServer;
import io.goldpan.functions.jobs.JobsConfig;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

class AwsClientFactoryTest {
  static final JobsConfig JOBS =
      new JobsConfig(
          List.of("demo"), Duration.ofHours(1), Duration.ofDays(1), Duration.ofMinutes(10), 2);

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

  @Test
  void s3BehindAnEndpointOverride_usesChecksumsOnlyWhereRequired_asEmulatorsNeed()
      throws IOException {
    List<Headers> requests = new CopyOnWriteArrayList<>();
    HttpServer emulator = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    emulator.createContext(
        "/",
        exchange -> {
          requests.add(exchange.getRequestHeaders());
          exchange.getRequestBody().readAllBytes();
          byte[] body =
              "GET".equals(exchange.getRequestMethod()) ? "hello".getBytes() : new byte[0];
          exchange.getResponseHeaders().set("ETag", "\"0\"");
          // a checksum that does not match the body, as some emulators send
          exchange.getResponseHeaders().set("x-amz-checksum-crc32", "AAAAAA==");
          exchange.sendResponseHeaders(200, body.length == 0 ? -1 : body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    emulator.start();
    String endpoint = "http://127.0.0.1:" + emulator.getAddress().getPort();
    AwsClientFactory factory =
        new AwsClientFactory(new AwsConfig("us-east-1", null, endpoint, "test", "test"), k -> null);
    try (S3Client s3 = factory.s3Client()) {
      s3.putObject(r -> r.bucket("goldpan").key("cancel/x"), RequestBody.fromString("marker"));
      String got =
          s3.getObjectAsBytes(r -> r.bucket("goldpan").key("images/x/0.png")).asUtf8String();

      assertThat(got).isEqualTo("hello");
      assertThat(requests).hasSize(2);
      for (Headers headers : requests) {
        assertThat(headers.keySet())
            .noneMatch(h -> h.toLowerCase(Locale.ROOT).startsWith("x-amz-checksum"))
            .noneMatch(h -> h.equalsIgnoreCase("x-amz-sdk-checksum-algorithm"));
      }
    } finally {
      factory.closeCredentials();
      emulator.stop(0);
    }
  }

  private static AwsConfig config(String region) {
    return new AwsConfig(region, null, null, "test", "test");
  }

  /** The regions of the SQS client, the S3 client and the presigner's signatures. */
  private static Region[] regions(AwsConfig config, Map<String, String> env) {
    AwsClientFactory factory = new AwsClientFactory(config, env::get);
    try (SqsClient sqs = factory.sqsClient();
        S3Client s3 = factory.s3Client()) {
      var links = new S3ImageLinks(s3, new BucketConfig("b"), JOBS, Clock.systemUTC());
      // the signing scope: X-Amz-Credential=<key>/<date>/<region>/s3/aws4_request
      String query = URI.create(links.presign("k")).getRawQuery().replace("%2F", "/");
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
