package io.goldpan.functions.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.goldpan.functions.auth.ApiKeys;
import io.goldpan.functions.support.Http;
import io.micronaut.context.annotation.Property;
import io.micronaut.data.connection.jdbc.advice.DelegatingDataSource;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * When the database fails (a full disk makes H2 close itself) the API says so with a 503 and a
 * Retry-After, and no database text reaches the client.
 */
@MicronautTest(transactional = false)
@Property(name = "datasources.default.url", value = "jdbc:h2:mem:outage;DB_CLOSE_DELAY=0")
class StorageOutageTest {
  @Inject EmbeddedServer server;
  @Inject ApiKeys apiKeys;
  @Inject DataSource dataSource;

  @Test
  void databaseClosed_apiAnswers503WithRetryAfter_andNoInternalText() throws Exception {
    Http api = new Http(server.getURI(), apiKeys.create("outage"));
    Connection c = DelegatingDataSource.unwrapDataSource(dataSource).getConnection();
    try (Statement s = c.createStatement()) {
      s.execute("SHUTDOWN");
    } finally {
      closeQuietly(c); // a closed database refuses even the close
    }

    Http.Response submit = api.post("/api/jobs", "{\"prompt\":\"lost to a full disk?\"}");
    Http.Response list = api.get("/api/jobs");

    for (Http.Response r : new Http.Response[] {submit, list}) {
      assertThat(r.status()).as(r.raw().body()).isEqualTo(503);
      assertThat(r.header("Retry-After")).isNotNull();
      assertThat(r.json().get("error").asText()).isEqualTo("unavailable");
      assertThat(r.raw().body())
          .doesNotContainIgnoringCase("database")
          .doesNotContainIgnoringCase("sql")
          .doesNotContain("9009")
          .doesNotContainIgnoringCase("h2");
    }
  }

  private static void closeQuietly(Connection c) {
    try {
      c.close();
    } catch (SQLException e) {
      // expected once the database is shut down
    }
  }
}
