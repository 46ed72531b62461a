package io.goldpan.functions.web;

import static io.goldpan.functions.support.Browser.form;
import static org.assertj.core.api.Assertions.assertThat;

import io.goldpan.functions.auth.ApiKeys;
import io.goldpan.functions.support.Browser;
import io.goldpan.functions.support.Http;
import io.micronaut.context.annotation.Property;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.net.http.HttpResponse;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The web app lets an admin add a friend and take the key back. */
@MicronautTest(transactional = false)
@Property(name = "datasources.default.url", value = "jdbc:h2:mem:keys-page;DB_CLOSE_DELAY=-1")
@Property(name = "goldpan.auth.admins", value = "admin")
class KeysPageTest {
  private static final Pattern KEY = Pattern.compile("(gp_([a-z2-7]+)_[A-Za-z0-9_-]+)");

  @Inject EmbeddedServer server;
  @Inject ApiKeys apiKeys;

  @Test
  void adminAddsAFriend_seesTheKeyOnce_andRevokesIt() {
    Browser admin = new Browser(server.getURI()).signIn(apiKeys.create("admin"));
    String friend = "sam-" + UUID.randomUUID();

    HttpResponse<String> made =
        admin.post("/app/keys", form("owner", friend, "label", "Sam's <phone>"));

    assertThat(made.statusCode()).as("a reload must not post again").isEqualTo(303);
    assertThat(made.headers().firstValue("Location")).hasValue("/app/keys");
    assertThat(made.body()).doesNotContain("gp_");
    HttpResponse<String> shown = admin.get("/app/keys");
    assertThat(shown.body()).contains("shown this once", "&lt;phone&gt;").doesNotContain("<phone>");
    Matcher key = KEY.matcher(shown.body());
    assertThat(key.find()).isTrue();
    Http asFriend = new Http(server.getURI(), key.group(1));
    assertThat(asFriend.get("/api/jobs").status()).isEqualTo(200);
    assertThat(admin.get("/app/keys").body())
        .contains(friend)
        .as("never shown again")
        .doesNotContain(key.group(1));

    HttpResponse<String> revoked = admin.post("/app/keys/" + key.group(2) + "/revoke", "");

    assertThat(revoked.statusCode()).isEqualTo(303);
    assertThat(asFriend.get("/api/jobs").status()).isEqualTo(401);
  }

  @Test
  void aNewKeyIsShownOnlyToTheSessionThatMadeIt() {
    Browser admin = new Browser(server.getURI()).signIn(apiKeys.create("admin"));
    admin.post("/app/keys", form("owner", "pat-" + UUID.randomUUID(), "label", "tablet"));
    String flash = admin.otherCookie("goldpan_new_key");
    assertThat(flash).isNotBlank();
    Browser other = new Browser(server.getURI()).signIn(apiKeys.create("admin"));

    HttpResponse<String> elsewhere =
        other.send(
            other
                .builder("/app/keys")
                .setHeader(
                    "Cookie", "goldpan_session=" + other.cookie() + "; goldpan_new_key=" + flash)
                .GET());

    assertThat(KEY.matcher(elsewhere.body()).find()).isFalse();
    assertThat(KEY.matcher(admin.get("/app/keys").body()).find()).isTrue();
    assertThat(KEY.matcher(admin.get("/app/keys").body()).find()).as("once").isFalse();
  }

  @Test
  void aFriendsKeysPage_showsOnlyTheirKeys_andMakesKeysOnlyForThemselves() {
    String friend = "friend-" + UUID.randomUUID();
    Browser me = new Browser(server.getURI()).signIn(apiKeys.create(friend));
    ApiKeys.Created others = apiKeys.create("other-" + UUID.randomUUID(), null);

    me.post("/app/keys", form("owner", "admin", "label", "laptop"));

    assertThat(me.get("/app/keys").body()).contains("The key for <strong>" + friend + "</strong>");
    assertThat(me.get("/app/keys").body()).doesNotContain(others.keyId());
    assertThat(me.post("/app/keys/" + others.keyId() + "/revoke", "").statusCode()).isEqualTo(404);
    assertThat(apiKeys.authenticate(others.key())).isPresent();
  }
}
