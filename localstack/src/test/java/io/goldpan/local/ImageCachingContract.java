package io.goldpan.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.goldpan.functions.aws.BucketConfig;
import io.goldpan.functions.aws.S3ImageLinks;
import io.goldpan.functions.jobs.JobsConfig;
import io.goldpan.runner.storage.ImageStore;
import io.goldpan.testing.Await;
import io.goldpan.testing.MutableClock;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * What a browser needs from an S3 to cache the gallery's images, checked against the real clock of
 * an S3 that verifies signatures: the runner stores images with a {@code Cache-Control}, and the
 * signed links, the same URL through a window, answer with one and stay valid for the promised
 * time, but not after.
 */
abstract class ImageCachingContract {
  static final HttpClient HTTP = HttpClient.newHttpClient();
  static final Duration TTL = Duration.ofSeconds(4);

  /** A client for the S3 under test, path-style, with the credentials it accepts. */
  abstract S3Client s3();

  /** A bucket on it that exists. */
  abstract String bucket();

  @Test
  void theRunnersPut_storesTheImageWithItsCacheControl_andASignedGetAnswersWithOne()
      throws Exception {
    ImageStore.s3(s3(), bucket())
        .put("images/cache/0.png", "png".getBytes(StandardCharsets.UTF_8), "image/png");

    assertThat(s3().headObject(r -> r.bucket(bucket()).key("images/cache/0.png")).cacheControl())
        .isEqualTo(ImageStore.CACHE_CONTROL);
    HttpResponse<String> got = get(links(new MutableClock()).presign("images/cache/0.png"));
    assertThat(got.statusCode()).isEqualTo(200);
    assertThat(got.body()).isEqualTo("png");
    assertThat(got.headers().firstValue("Cache-Control")).hasValue("private, max-age=6, immutable");
  }

  @Test
  void aLinkSignedAtAWindowsStart_isServedToTheEndOfItsGuaranteedLifetime_andRefusedAfter()
      throws Exception {
    ImageStore.s3(s3(), bucket())
        .put("thumbs/life/0.jpg", "jpg".getBytes(StandardCharsets.UTF_8), "image/jpeg");
    // url-ttl 4 s: windows of 2 s, links signed for 6 s
    long now = Instant.now().getEpochSecond();
    Instant windowStart = Instant.ofEpochSecond(now - now % 2);
    MutableClock clock = new MutableClock(windowStart);
    S3ImageLinks links = links(clock);
    String atStart = links.presign("thumbs/life/0.jpg");
    clock.set(windowStart.plusSeconds(2).minusMillis(1));
    String atEnd = links.presign("thumbs/life/0.jpg");
    assertThat(atEnd).isEqualTo(atStart);
    Instant guaranteedUntil = clock.instant().plus(TTL);

    Instant lastSecond = guaranteedUntil.minusMillis(999);
    Await.until("the last second of the link's promised lifetime", () -> !isBefore(lastSecond));
    assertThat(get(atStart).statusCode()).isEqualTo(200);

    Instant expiry = windowStart.plusSeconds(6);
    Await.until("the link's expiry", () -> !isBefore(expiry));
    assertThat(get(atStart).statusCode()).isEqualTo(403);
  }

  private S3ImageLinks links(MutableClock clock) {
    return new S3ImageLinks(
        s3(),
        new BucketConfig(bucket()),
        new JobsConfig(List.of("demo"), TTL, Duration.ofDays(1), Duration.ofMinutes(10), 2),
        clock);
  }

  private static boolean isBefore(Instant instant) {
    return Instant.now().isBefore(instant);
  }

  static HttpResponse<String> get(String url) throws IOException, InterruptedException {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(url)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
