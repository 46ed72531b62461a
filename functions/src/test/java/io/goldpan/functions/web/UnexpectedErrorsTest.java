package io.goldpan.functions.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.goldpan.functions.auth.ApiKeys;
import io.goldpan.functions.support.Http;
import io.micronaut.context.annotation.Property;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

@MicronautTest(transactional = false)
@Property(name = "test.failing-routes", value = "true")
class UnexpectedErrorsTest {
  @Inject EmbeddedServer server;
  @Inject ApiKeys apiKeys;

  @Test
  void api_unexpectedError_is500WithAPlainJsonError_quotingNothingInternal() {
    Http api = new Http(server.getURI(), apiKeys.create("unexpected"));

    Http.Response response = api.get("/api/test/fail");

    assertThat(response.status()).isEqualTo(500);
    assertThat(response.json().get("error").asText()).isEqualTo("internal_error");
    assertThat(response.json().get("message").asText())
        .isEqualTo("the server could not handle this request; the failure is logged");
    assertThat(response.raw().body()).doesNotContain("SQL").doesNotContain("22001");
  }

  @Test
  void page_unexpectedError_is500Page_quotingNothingInternal() {
    Http browser = new Http(server.getURI(), null);

    Http.Response response = browser.get("/test/fail");

    assertThat(response.status()).isEqualTo(500);
    assertThat(response.header("Content-Type")).startsWith("text/html");
    assertThat(response.raw().body())
        .contains("<h1>Something went wrong</h1>")
        .doesNotContain("SQL")
        .doesNotContain("VARYING")
        .doesNotContain("22001");
  }

  @Test
  void knownErrors_keepTheirOwnStatus() {
    Http api = new Http(server.getURI(), apiKeys.create("unexpected-known"));

    assertThat(api.post("/api/jobs", "{\"prompt\":\"" + "a".repeat(100_000) + "\"}").status())
        .isEqualTo(413);
    assertThat(api.get("/api/jobs?limit=lots").status()).isEqualTo(400);
    assertThat(api.get("/api/nothing-here").status()).isEqualTo(404);
  }
}
