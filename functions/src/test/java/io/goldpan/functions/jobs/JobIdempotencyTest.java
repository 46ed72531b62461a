package io.goldpan.functions.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.goldpan.functions.auth.ApiKeys;
import io.goldpan.functions.support.Http;
import io.goldpan.functions.support.RecordingJobQueue;
import io.goldpan.testing.MutableClock;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.net.http.HttpRequest.BodyPublishers;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A phone that retries a submit after a timeout gets the first job back, not a second one. */
@MicronautTest(transactional = false)
class JobIdempotencyTest {
  private static final String BODY = "{\"prompt\":\"a gnome in a teacup\",\"count\":2}";

  @Inject EmbeddedServer server;
  @Inject ApiKeys apiKeys;
  @Inject RecordingJobQueue queue;
  @Inject JobRepository jobs;
  @Inject SubmitKeyRepository keys;
  @Inject MutableClock clock;

  String owner;
  Http api;

  @BeforeEach
  void setUp() {
    queue.failSends(false);
    owner = "owner-" + UUID.randomUUID();
    api = new Http(server.getURI(), apiKeys.create(owner));
  }

  @Test
  void submit_sameKeyAndBodyTwice_returnsTheSameJob_andStoresAndSendsOnlyOne() {
    String key = UUID.randomUUID().toString();

    Http.Response first = submit(key, BODY);
    Http.Response again = submit(key, BODY);

    assertThat(first.status()).isEqualTo(202);
    assertThat(again.status()).isEqualTo(202);
    String id = first.json().get("id").asText();
    assertThat(again.json().get("id").asText()).isEqualTo(id);
    assertThat(again.header("Location")).isEqualTo("/api/jobs/" + id);
    assertThat(first.header(JobController.REPLAYED)).isNull();
    assertThat(again.header(JobController.REPLAYED)).isEqualTo("true");
    assertThat(jobs.findNewest(owner, 100)).hasSize(1);
    assertThat(queue.sentFor(id)).hasSize(1);
  }

  @Test
  void submit_sameKeyFromAnotherOwner_isAnotherJob() {
    String key = UUID.randomUUID().toString();
    Http other = api.as(apiKeys.create("other-" + UUID.randomUUID()));

    String mine = submit(key, BODY).json().get("id").asText();
    String theirs = other.send(withKey(other, key, BODY)).json().get("id").asText();

    assertThat(theirs).isNotEqualTo(mine);
  }

  @Test
  void submit_sameKeyWithAnotherBody_is422NamingTheHeader_andStoresNothing() {
    String key = UUID.randomUUID().toString();
    submit(key, BODY);

    Http.Response reused = submit(key, "{\"prompt\":\"something else\"}");

    assertThat(reused.status()).isEqualTo(422);
    assertThat(reused.json().get("fields").get(0).get("field").asText())
        .isEqualTo("Idempotency-Key");
    assertThat(reused.json().get("message").asText()).contains("different request");
    assertThat(jobs.findNewest(owner, 100)).hasSize(1);
  }

  @Test
  void submit_withAMalformedKey_is400NamingTheHeader_andStoresNothing() {
    Http.Response tooLong = submit("k".repeat(256), BODY);
    Http.Response withSpace = submit("two words", BODY);

    for (Http.Response response : new Http.Response[] {tooLong, withSpace}) {
      assertThat(response.status()).isEqualTo(400);
      assertThat(response.json().get("fields").get(0).get("field").asText())
          .isEqualTo("Idempotency-Key");
    }
    assertThat(jobs.findNewest(owner, 100)).isEmpty();
  }

  @Test
  void submit_invalidBodyWithAKey_is400_andTheKeyStaysFreeForTheCorrectedRequest() {
    String key = UUID.randomUUID().toString();

    Http.Response bad = submit(key, "{\"prompt\":\"\"}");
    Http.Response corrected = submit(key, BODY);

    assertThat(bad.status()).isEqualTo(400);
    assertThat(corrected.status()).isEqualTo(202);
    assertThat(corrected.header(JobController.REPLAYED)).isNull();
  }

  @Test
  void submit_sameKeyAfter24Hours_isANewJob() {
    String key = UUID.randomUUID().toString();
    String first = submit(key, BODY).json().get("id").asText();

    clock.advance(SubmitKeys.LIFETIME.plusMinutes(1));
    Http.Response later = submit(key, BODY);

    assertThat(later.status()).isEqualTo(202);
    assertThat(later.json().get("id").asText()).isNotEqualTo(first);
    assertThat(jobs.findNewest(owner, 100)).hasSize(2);
  }

  @Test
  void submit_whileTheFirstCopyIsStillBeingHandled_is409_andAfterItDiedTheRetryTakesOver() {
    String key = UUID.randomUUID().toString();
    String jobId = UUID.randomUUID().toString();
    // The first copy claimed the key and died before it stored its job.
    SubmitKeys.Claim claim = new SubmitKeys(keys, clock).claim(owner, key, BODY, jobId);
    assertThat(claim).isInstanceOf(SubmitKeys.Claimed.class);

    Http.Response meanwhile = submit(key, BODY);
    clock.advance(SubmitKeys.STALE_CLAIM.plus(Duration.ofSeconds(1)));
    Http.Response retry = submit(key, BODY);

    assertThat(meanwhile.status()).isEqualTo(409);
    assertThat(meanwhile.json().get("message").asText()).contains("still being handled");
    assertThat(retry.status()).isEqualTo(202);
    assertThat(retry.json().get("id").asText()).isEqualTo(jobId);
    assertThat(jobs.findNewest(owner, 100)).hasSize(1);
  }

  private Http.Response submit(String key, String body) {
    return api.send(withKey(api, key, body));
  }

  private static java.net.http.HttpRequest.Builder withKey(Http http, String key, String body) {
    return http.builder("/api/jobs")
        .header("Content-Type", "application/json")
        .header("Idempotency-Key", key)
        .POST(BodyPublishers.ofString(body));
  }
}
