package io.goldpan.functions.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.goldpan.functions.jobs.JobsConfig;
import io.goldpan.testing.MutableClock;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

class S3ImageLinksTest {
  static final Instant WINDOW_START = Instant.parse("2026-12-01T12:00:00Z");
  static final DateTimeFormatter AMZ_DATE =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
  static final S3Client S3 =
      S3Client.builder()
          .region(Region.EU_WEST_1)
          .credentialsProvider(
              StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTEST", "secret")))
          .endpointOverride(URI.create("http://127.0.0.1:9"))
          .forcePathStyle(true)
          .build();

  final MutableClock clock = new MutableClock(WINDOW_START);
  final S3ImageLinks links =
      new S3ImageLinks(S3, new BucketConfig("goldpan"), jobs(Duration.ofHours(1)), clock);

  @AfterAll
  static void close() {
    S3.close();
  }

  @Test
  void presign_givesTheSameUrlThroughoutAWindow_andANewOneInTheNext() {
    String atStart = links.presign("thumbs/a/0.jpg");
    clock.advance(Duration.ofMinutes(30).minusMillis(1));
    String atEnd = links.presign("thumbs/a/0.jpg");
    clock.advance(Duration.ofMillis(1));
    String next = links.presign("thumbs/a/0.jpg");

    assertThat(atEnd).isEqualTo(atStart);
    assertThat(next).isNotEqualTo(atStart);
    assertThat(query(atStart)).containsEntry("X-Amz-Date", "20261201T120000Z");
    assertThat(query(next)).containsEntry("X-Amz-Date", "20261201T123000Z");
    assertThat(links.presign("thumbs/b/0.jpg")).isNotEqualTo(next);
  }

  @Test
  void presign_atAnyInstantOfAWindow_isValidForAtLeastTheTtl() {
    for (Duration into : List.of(Duration.ZERO, Duration.ofMinutes(17), Duration.ofMinutes(30))) {
      clock.set(WINDOW_START.plus(into).minusMillis(1));
      Instant handedOut = clock.instant();
      Map<String, String> q = query(links.presign("images/a/0.png"));

      Instant signed = AMZ_DATE.parse(q.get("X-Amz-Date"), Instant::from);
      Instant expires = signed.plusSeconds(Long.parseLong(q.get("X-Amz-Expires")));
      assertThat(signed).isBeforeOrEqualTo(handedOut);
      assertThat(expires).isAfterOrEqualTo(handedOut.plus(Duration.ofHours(1)));
      assertThat(expires).isBeforeOrEqualTo(handedOut.plus(Duration.ofMinutes(90)));
    }
  }

  @Test
  void presign_signsAPathStyleGetWithACacheControlForTheUrlsLifetime() {
    URI url = URI.create(links.presign("images/a/0.png"));

    assertThat(url.getScheme() + "://" + url.getAuthority() + url.getPath())
        .isEqualTo("http://127.0.0.1:9/goldpan/images/a/0.png");
    assertThat(query(url.toString()))
        .containsEntry("response-cache-control", "private, max-age=5400, immutable")
        .containsEntry("X-Amz-Algorithm", "AWS4-HMAC-SHA256")
        .containsEntry("X-Amz-Credential", "AKIDTEST/20261201/eu-west-1/s3/aws4_request")
        .containsEntry("X-Amz-SignedHeaders", "host")
        .containsEntry("X-Amz-Expires", "5400")
        .containsKey("X-Amz-Signature");
  }

  @Test
  void urlWindow_isHalfTheTtl_andTheLifetimeTheirSum_inWholeSeconds() {
    assertThat(jobs(Duration.ofHours(1)).urlWindow()).isEqualTo(Duration.ofMinutes(30));
    assertThat(jobs(Duration.ofHours(1)).urlLifetime()).isEqualTo(Duration.ofMinutes(90));
    assertThat(jobs(Duration.ofMillis(1500)).urlWindow()).isEqualTo(Duration.ofSeconds(1));
    assertThat(jobs(Duration.ofMillis(1500)).urlLifetime()).isEqualTo(Duration.ofSeconds(3));
    assertThat(jobs(Duration.ofHours(112)).urlLifetime()).isEqualTo(Duration.ofDays(7));
  }

  @Test
  void urlTtl_whoseSignedLifetimeWouldPassSigV4sSevenDays_isRefusedNamingTheSettingAndLimit() {
    for (Duration ttl : List.of(Duration.ofHours(112).plusSeconds(1), Duration.ofDays(7))) {
      assertThatThrownBy(() -> jobs(ttl))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("goldpan.jobs.url-ttl")
          .hasMessageContaining("at most 112h")
          .hasMessageContaining("7d");
    }
    assertThatThrownBy(() -> jobs(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("goldpan.jobs.url-ttl must be positive");
  }

  static JobsConfig jobs(Duration urlTtl) {
    return new JobsConfig(List.of("demo"), urlTtl, Duration.ofDays(1), Duration.ofMinutes(10), 2);
  }

  static Map<String, String> query(String url) {
    return Stream.of(URI.create(url).getRawQuery().split("&"))
        .map(p -> p.split("=", 2))
        .collect(
            Collectors.toMap(
                p -> URLDecoder.decode(p[0], StandardCharsets.UTF_8),
                p -> URLDecoder.decode(p[1], StandardCharsets.UTF_8)));
  }
}
