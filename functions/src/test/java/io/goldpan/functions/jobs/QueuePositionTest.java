package io.goldpan.functions.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.goldpan.functions.auth.ApiKeys;
import io.goldpan.functions.support.Browser;
import io.goldpan.functions.support.Http;
import io.micronaut.context.annotation.Property;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The place in the queue an owner sees counts what is really ahead of their job. */
@MicronautTest(transactional = false)
@Property(name = "goldpan.jobs.owner-in-flight", value = "2")
@Property(name = "datasources.default.url", value = "jdbc:h2:mem:queue-position;DB_CLOSE_DELAY=-1")
class QueuePositionTest {
  @Inject EmbeddedServer server;
  @Inject ApiKeys apiKeys;
  @Inject io.goldpan.testing.MutableClock clock;

  @Test
  void aQuietOwnersPlace_countsOnlyWhatIsOnTheQueue_andTheNoisyOwnerSeesTheirOwnBacklog() {
    String noisyKey = apiKeys.create("noisy");
    Http noisy = new Http(server.getURI(), noisyKey);
    List<String> backlog = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      clock.advance(java.time.Duration.ofMillis(5)); // submissions happen one after another
      backlog.add(
          noisy.post("/api/jobs", "{\"prompt\":\"noisy " + i + "\"}").json().get("id").asText());
    }
    String quietKey = apiKeys.create("quiet");
    clock.advance(java.time.Duration.ofMillis(5));
    String single =
        new Http(server.getURI(), quietKey)
            .post("/api/jobs", "{\"prompt\":\"one quiet try\"}")
            .json()
            .get("id")
            .asText();

    String quietPage =
        new Browser(server.getURI()).signIn(quietKey).get("/app/jobs/" + single).body();
    String noisyLast =
        new Browser(server.getURI()).signIn(noisyKey).get("/app/jobs/" + backlog.get(9)).body();

    assertThat(quietPage).as("two noisy jobs on the queue ahead").contains("Queued, position 3");
    assertThat(noisyLast)
        .as("the queue's three, then the owner's own seven waiting before it")
        .contains("Queued, position 11");
  }
}
