package io.goldpan.functions.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.goldpan.functions.auth.ApiKeys;
import io.goldpan.functions.support.Browser;
import io.goldpan.functions.support.Http;
import io.goldpan.testing.MutableClock;
import io.micronaut.context.annotation.Property;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Over a quota a submission is a 429 that names the limit, and nothing is stored. */
@MicronautTest(transactional = false)
@Property(name = "datasources.default.url", value = "jdbc:h2:mem:quotas;DB_CLOSE_DELAY=-1")
@Property(name = "goldpan.quotas.max-unfinished", value = "3")
@Property(name = "goldpan.quotas.images-per-day", value = "10")
@Property(name = "goldpan.quotas.owner-images-per-day.generous", value = "100")
class QuotasTest {
  @Inject EmbeddedServer server;
  @Inject ApiKeys apiKeys;
  @Inject JobRepository jobs;
  @Inject MutableClock clock;

  @Test
  void overTheUnfinishedJobsQuota_is429NamingIt_withRetryAfter_andStoresNothing() {
    String owner = "busy-" + UUID.randomUUID();
    Http api = new Http(server.getURI(), apiKeys.create(owner));
    for (int i = 0; i < 3; i++) {
      assertThat(api.post("/api/jobs", "{\"prompt\":\"x\",\"count\":1}").status()).isEqualTo(202);
    }

    Http.Response over = api.post("/api/jobs", "{\"prompt\":\"one too many\",\"count\":1}");

    assertThat(over.status()).isEqualTo(429);
    assertThat(over.header("Retry-After")).isNotNull();
    assertThat(over.json().get("error").asText()).isEqualTo("quota_exceeded");
    assertThat(over.json().get("fields").get(0).get("field").asText()).isEqualTo("maxUnfinished");
    assertThat(over.json().get("message").asText()).contains("at most 3 jobs");
    assertThat(jobs.countUnfinished(owner)).isEqualTo(3);
  }

  @Test
  void overTheImagesPerDayQuota_is429_untilTheOldestJobLeavesTheDay() {
    String owner = "painter-" + UUID.randomUUID();
    Http api = new Http(server.getURI(), apiKeys.create(owner));
    String first =
        api.post("/api/jobs", "{\"prompt\":\"a\",\"count\":8}").json().get("id").asText();
    api.delete("/api/jobs/" + first); // finished jobs still count against the day

    Http.Response over = api.post("/api/jobs", "{\"prompt\":\"b\",\"count\":4}");

    assertThat(over.status()).isEqualTo(429);
    assertThat(over.json().get("fields").get(0).get("field").asText()).isEqualTo("imagesPerDay");
    assertThat(Long.parseLong(over.header("Retry-After")))
        .isBetween(Duration.ofHours(23).toSeconds(), Duration.ofHours(24).toSeconds());
    clock.advance(Duration.ofHours(24).plusSeconds(1));
    assertThat(api.post("/api/jobs", "{\"prompt\":\"b\",\"count\":4}").status()).isEqualTo(202);
  }

  @Test
  void aPerOwnerOverride_raisesTheLimitForThatOwnerOnly() {
    Http api = new Http(server.getURI(), apiKeys.create("generous"));

    assertThat(api.post("/api/jobs", "{\"prompt\":\"big\",\"count\":16}").status()).isEqualTo(202);
  }

  @Test
  void aGalleryFanOutOverTheQuota_isRefusedWhole() {
    String owner = "fan-" + UUID.randomUUID();
    Browser me = new Browser(server.getURI()).signIn(apiKeys.create(owner));

    HttpResponse<String> response =
        me.post("/app/jobs", Browser.form("prompt", "{a|b|c|d} fox", "count", "1"));

    assertThat(response.statusCode()).isEqualTo(429);
    assertThat(response.body()).contains("maxUnfinished");
    assertThat(jobs.countUnfinished(owner)).isZero();
  }
}
