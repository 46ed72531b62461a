package io.goldpan.functions.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.goldpan.functions.support.Http;
import io.micronaut.http.server.netty.NettyEmbeddedServer;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@MicronautTest(transactional = false)
class AuthTest {
  private static final String JOB = "{\"prompt\":\"a gnome\"}";

  @Inject EmbeddedServer server;
  @Inject ApiKeys apiKeys;

  Http anonymous;
  String key;

  @BeforeEach
  void setUp() {
    anonymous = new Http(server.getURI(), null);
    key = apiKeys.create("owner-" + UUID.randomUUID());
  }

  @Test
  void server_isNetty_evenWithTheLambdaProxyOnTheClasspath() {
    assertThat(server).isInstanceOf(NettyEmbeddedServer.class);
  }

  @Test
  void health_isAnonymous() {
    Http.Response response = anonymous.get("/health");

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.json().get("status").asText()).isEqualTo("UP");
  }

  @Test
  void api_withoutAuthorization_returns401WithBearerChallenge() {
    Http.Response response = anonymous.get("/api/jobs");

    assertThat(response.status()).isEqualTo(401);
    assertThat(response.header("WWW-Authenticate")).isEqualTo("Bearer");
    assertThat(response.json().get("error").asText()).isEqualTo("unauthorized");
    assertThat(response.json().get("message").asText()).contains("Bearer");
  }

  @Test
  void api_withWrongScheme_returns401() {
    Http.Response response =
        anonymous.send(
            anonymous.builder("/api/jobs").header("Authorization", "Basic " + key).GET());

    assertThat(response.status()).isEqualTo(401);
    assertThat(response.json().get("message").asText()).contains("Bearer scheme");
  }

  @Test
  void api_withUnknownOrTamperedKey_returns401AndStoresNothing() {
    String tampered = key.substring(0, key.length() - 2) + (key.endsWith("AA") ? "BB" : "AA");

    assertThat(anonymous.as(tampered).post("/api/jobs", JOB).status()).isEqualTo(401);
    assertThat(anonymous.as("gp_notakey").get("/api/jobs").status()).isEqualTo(401);
    assertThat(anonymous.as(apiKeys.create("x").replace("gp_", "gq_")).get("/api/jobs").status())
        .isEqualTo(401);
  }

  @Test
  void api_withValidKey_listsOnlyTheCallersJobs() {
    Http me = anonymous.as(key);
    String id = me.post("/api/jobs", JOB).json().get("id").asText();

    Http.Response response = me.get("/api/jobs");

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.json().get("jobs")).hasSize(1);
    assertThat(response.json().get("jobs").get(0).get("id").asText()).isEqualTo(id);
  }

  @Test
  void anotherOwnersJob_isNotFound_notForbidden() {
    String id = anonymous.as(key).post("/api/jobs", JOB).json().get("id").asText();
    Http stranger = anonymous.as(apiKeys.create("stranger-" + UUID.randomUUID()));

    Http.Response get = stranger.get("/api/jobs/" + id);
    Http.Response delete = stranger.delete("/api/jobs/" + id);

    assertThat(get.status()).isEqualTo(404);
    assertThat(get.json().get("error").asText()).isEqualTo("not_found");
    assertThat(delete.status()).isEqualTo(404);
    assertThat(stranger.get("/api/jobs").json().get("jobs")).isEmpty();
  }
}
