package io.goldpan.functions.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.goldpan.functions.support.Browser;
import io.goldpan.functions.support.Http;
import io.micronaut.context.annotation.Property;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** An admin lets a friend in with a key of their own, and can take it back. */
@MicronautTest(transactional = false)
@Property(name = "datasources.default.url", value = "jdbc:h2:mem:keys;DB_CLOSE_DELAY=-1")
@Property(name = "goldpan.auth.admins", value = "admin")
class KeysApiTest {
  @Inject EmbeddedServer server;
  @Inject ApiKeys apiKeys;

  @Test
  void adminCreatesAFriendsKey_shownOnce_andTheFriendSeesOnlyTheirOwn() {
    Http admin = new Http(server.getURI(), apiKeys.create("admin"));
    String friend = "friend-" + UUID.randomUUID();

    Http.Response created =
        admin.post("/api/keys", "{\"owner\":\"" + friend + "\",\"label\":\"Sam's phone\"}");

    assertThat(created.status()).isEqualTo(201);
    String key = created.json().get("key").asText();
    String id = created.json().get("id").asText();
    assertThat(key).startsWith("gp_" + id + "_");
    Http asFriend = admin.as(key);
    assertThat(asFriend.post("/api/jobs", "{\"prompt\":\"my first try\"}").status()).isEqualTo(202);
    JsonNode listed = asFriend.get("/api/keys").json();
    assertThat(listed).hasSize(1);
    assertThat(listed.get(0).get("label").asText()).isEqualTo("Sam's phone");
    assertThat(listed.get(0).get("lastUsedAt").isNull()).isFalse();
    assertThat(listed.toString()).doesNotContain(key.substring(key.lastIndexOf('_') + 1));
    assertThat(admin.get("/api/keys").json().toString()).contains(friend);
  }

  @Test
  void aFriendCannotMakeKeysForOthers_butMayMakeOneForThemselves() {
    Http friend = new Http(server.getURI(), apiKeys.create("friend-" + UUID.randomUUID()));

    Http.Response forOthers = friend.post("/api/keys", "{\"owner\":\"admin\"}");
    Http.Response forMe = friend.post("/api/keys", "{\"label\":\"laptop\"}");

    assertThat(forOthers.status()).isEqualTo(403);
    assertThat(forOthers.json().get("message").asText()).contains("only an admin");
    assertThat(forMe.status()).isEqualTo(201);
  }

  @Test
  void revokingAKey_stopsItAtOnce_andEndsTheWebSessionsItOpened() {
    Http admin = new Http(server.getURI(), apiKeys.create("admin"));
    String friend = "friend-" + UUID.randomUUID();
    JsonNode created = admin.post("/api/keys", "{\"owner\":\"" + friend + "\"}").json();
    String key = created.get("key").asText();
    Browser browser = new Browser(server.getURI()).signIn(key);
    assertThat(browser.get("/app").statusCode()).isEqualTo(200);

    Http.Response revoked = admin.delete("/api/keys/" + created.get("id").asText());

    assertThat(revoked.status()).isEqualTo(204);
    assertThat(admin.as(key).get("/api/jobs").status()).isEqualTo(401);
    assertThat(browser.get("/app").statusCode()).as("signed out with the key").isIn(302, 303, 401);
  }

  @Test
  void anotherOwnersKey_isNotFoundForANonAdmin() {
    ApiKeys.Created theirs = apiKeys.create("victim-" + UUID.randomUUID(), null);
    Http attacker = new Http(server.getURI(), apiKeys.create("attacker-" + UUID.randomUUID()));

    assertThat(attacker.delete("/api/keys/" + theirs.keyId()).status()).isEqualTo(404);
    assertThat(apiKeys.authenticate(theirs.key())).isPresent();
  }

  @Test
  void aLabelWithControlCharacters_is400NamingTheField() {
    Http admin = new Http(server.getURI(), apiKeys.create("admin"));

    Http.Response bad = admin.post("/api/keys", "{\"label\":\"a\\u0007b\"}");

    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.json().get("fields").get(0).get("field").asText()).isEqualTo("label");
  }
}
