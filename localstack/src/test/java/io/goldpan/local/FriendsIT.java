package io.goldpan.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two owners share one runner on the embedded stack: the owner lets a friend in with a key, the
 * owner queues a backlog, and the friend's single job starts within about one job-time of the
 * runner becoming free instead of after the whole backlog.
 */
class FriendsIT {
  static final Duration PAINT_TIMEOUT = Duration.ofSeconds(120);
  static final int BACKLOG = 20;

  @TempDir Path dataDir;

  @Test
  void aQuietFriendsJob_doesNotWaitBehindANoisyOwnersBacklog() {
    try (GoldpanLocal local =
        GoldpanLocal.start(TestStacks.onFreePorts(dataDir, true), Map.of(), Map.of())) {
      Api noisy = new Api(local.apiUrl(), local.apiKey());
      Api.Response created = noisy.post("/api/keys", "{\"owner\":\"friend\",\"label\":\"test\"}");
      assertThat(created.status()).as(created.body()).isEqualTo(201);
      Api quiet = noisy.as(created.json().path("key").asText());

      List<String> backlog = new ArrayList<>();
      for (int i = 0; i < BACKLOG; i++) {
        Api.Response r =
            noisy.post(
                "/api/jobs",
                "{\"prompt\":\"noisy " + i + "\",\"count\":4,\"width\":512,\"height\":512}");
        assertThat(r.status()).as(r.body()).isEqualTo(202);
        backlog.add(r.json().path("id").asText());
      }
      String single =
          quiet
              .post(
                  "/api/jobs",
                  "{\"prompt\":\"one quiet try\",\"count\":1,\"width\":256,\"height\":256}")
              .json()
              .path("id")
              .asText();

      JsonNode mine =
          quiet.awaitJson(
              "/api/jobs/" + single,
              j -> j.path("status").asText().equals("SUCCEEDED"),
              PAINT_TIMEOUT);
      Instant quietStarted = Instant.parse(mine.path("startedAt").asText());
      long startedBefore = 0;
      long notYetStarted = 0;
      for (String id : backlog) {
        JsonNode job = noisy.get("/api/jobs/" + id).json();
        if (job.path("startedAt").isNull()) {
          notYetStarted++;
        } else if (Instant.parse(job.path("startedAt").asText()).isBefore(quietStarted)) {
          startedBefore++;
        }
      }
      // With the fair share at most the owner's share (2 here: one runner + 1) went ahead of it,
      // and the one the runner was painting when the friend submitted.
      assertThat(startedBefore).as("noisy jobs started before the friend's").isLessThanOrEqualTo(3);
      assertThat(startedBefore + notYetStarted)
          .as("the backlog was still there when the friend's job ran")
          .isGreaterThan(3);
    }
  }

  @Test
  void aFriendOverTheirDailyImages_getsA429NamingTheLimit_whileTheOwnerStillPaints() {
    try (GoldpanLocal local =
        GoldpanLocal.start(
            TestStacks.onFreePorts(dataDir, true),
            Map.of(),
            Map.of("goldpan.quotas.owner-images-per-day.friend", "6"))) {
      Api owner = new Api(local.apiUrl(), local.apiKey());
      Api friend =
          owner.as(
              owner
                  .post("/api/keys", "{\"owner\":\"friend\",\"label\":\"test\"}")
                  .json()
                  .path("key")
                  .asText());
      String job = "{\"prompt\":\"a try\",\"count\":4,\"width\":256,\"height\":256}";

      assertThat(friend.post("/api/jobs", job).status()).isEqualTo(202);
      Api.Response over = friend.post("/api/jobs", job);

      assertThat(over.status()).as(over.body()).isEqualTo(429);
      assertThat(Long.parseLong(over.retryAfter())).isPositive();
      assertThat(over.json().path("fields").get(0).path("field").asText())
          .isEqualTo("imagesPerDay");
      assertThat(over.json().path("fields").get(0).path("message").asText()).isEqualTo("at most 6");
      JsonNode quota = friend.get("/api/status").json().path("quota");
      assertThat(quota.path("imagesToday").asLong()).isEqualTo(4);
      assertThat(quota.path("imagesPerDay").asInt()).isEqualTo(6);
      assertThat(friend.get("/api/jobs").json().path("jobs")).as("nothing stored").hasSize(1);
      assertThat(owner.post("/api/jobs", job).status()).as("the owner's own quota").isEqualTo(202);
    }
  }
}
