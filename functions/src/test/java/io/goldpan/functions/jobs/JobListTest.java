package io.goldpan.functions.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.goldpan.functions.auth.ApiKeys;
import io.goldpan.functions.support.Http;
import io.goldpan.testing.MutableClock;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@MicronautTest(transactional = false)
class JobListTest {
  @Inject EmbeddedServer server;
  @Inject ApiKeys apiKeys;
  @Inject MutableClock clock;

  Http api;

  @BeforeEach
  void setUp() {
    api = new Http(server.getURI(), apiKeys.create("lister-" + UUID.randomUUID()));
  }

  @Test
  void list_walksEveryPageNewestFirst_withTheCursor() {
    List<String> submitted = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      submitted.add(
          api.post("/api/jobs", "{\"prompt\":\"job " + i + "\"}").json().get("id").asText());
      // two jobs share a timestamp, so the id tie-break is exercised too
      if (i != 3) {
        clock.advance(Duration.ofMillis(5));
      }
    }

    List<String> seen = new ArrayList<>();
    String cursor = null;
    int pages = 0;
    do {
      String path = "/api/jobs?limit=3" + (cursor == null ? "" : "&cursor=" + encode(cursor));
      JsonNode page = api.get(path).json();
      page.get("jobs").forEach(j -> seen.add(j.get("id").asText()));
      cursor = page.get("next").isNull() ? null : page.get("next").asText();
      pages++;
    } while (cursor != null && pages < 10);

    assertThat(pages).isEqualTo(3);
    String tieFirst = max(submitted.get(3), submitted.get(4));
    String tieSecond = min(submitted.get(3), submitted.get(4));
    assertThat(seen)
        .containsExactly(
            submitted.get(6),
            submitted.get(5),
            tieFirst,
            tieSecond,
            submitted.get(2),
            submitted.get(1),
            submitted.get(0));
  }

  @Test
  void list_withoutLimit_returnsAtMost20_andNullNextWhenAllFit() {
    api.post("/api/jobs", "{\"prompt\":\"only\"}");

    JsonNode page = api.get("/api/jobs").json();

    assertThat(page.get("jobs")).hasSize(1);
    assertThat(page.has("next")).isTrue();
    assertThat(page.get("next").isNull()).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "101", "-1", "ten", "2.5"})
  void list_withBadLimit_returns400NamingLimit(String limit) {
    Http.Response response = api.get("/api/jobs?limit=" + limit);

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.json().get("error").asText()).isEqualTo("invalid_request");
    assertThat(response.json().get("fields").get(0).get("field").asText()).isEqualTo("limit");
  }

  @ParameterizedTest
  @ValueSource(strings = {"garbage!!", "bm90IGEgY3Vyc29y", "MjAyNi0wMS0wMVR8bm90LWFuLWlk"})
  void list_withGarbageCursor_returns400NamingCursor(String cursor) {
    Http.Response response = api.get("/api/jobs?cursor=" + encode(cursor));

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.json().get("fields").get(0).get("field").asText()).isEqualTo("cursor");
  }

  @Test
  void get_withMalformedId_returns404() {
    assertThat(api.get("/api/jobs/not-a-uuid").status()).isEqualTo(404);
    assertThat(api.get("/api/jobs/" + UUID.randomUUID()).json().get("error").asText())
        .isEqualTo("not_found");
  }

  @Test
  void cursor_isOpaqueBase64Url() {
    for (int i = 0; i < 2; i++) {
      api.post("/api/jobs", "{\"prompt\":\"p\"}");
    }
    String next = api.get("/api/jobs?limit=1").json().get("next").asText();

    assertThat(next).matches("[A-Za-z0-9_-]+");
    assertThat(new String(Base64.getUrlDecoder().decode(next), StandardCharsets.UTF_8))
        .contains("|");
  }

  private static String max(String a, String b) {
    return a.compareTo(b) > 0 ? a : b;
  }

  private static String min(String a, String b) {
    return a.compareTo(b) > 0 ? b : a;
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
