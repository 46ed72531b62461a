package io.goldpan.local;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * On a phone the web app is installable: the page links a manifest that parses and starts at the
 * gallery, a service worker registers for the whole app, and browsing a job's pictures leaves
 * nothing in Cache Storage.
 */
class InstallableAppBrowserIT {
  @TempDir static Path dataDir;
  static PhoneBrowser phones;

  @BeforeAll
  static void start() throws Exception {
    phones = PhoneBrowser.start(dataDir, Map.of(), Map.of());
  }

  @AfterAll
  static void stop() {
    if (phones != null) {
      phones.close();
    }
  }

  @Test
  void manifestParses_serviceWorkerControlsTheApp_andBrowsingAJobCachesNothing() {
    Api api = new Api(phones.local.apiUrl(), phones.local.apiKey());
    Api.Response submitted = api.post("/api/jobs", "{\"prompt\":\"a gold pan\",\"count\":2}");
    assertThat(submitted.status()).as(submitted.body()).isEqualTo(202);
    String job = submitted.json().path("id").asText();
    api.awaitJson(
        "/api/jobs/" + job,
        j -> "SUCCEEDED".equals(j.path("status").asText()),
        Duration.ofSeconds(90));

    var worker = Api.rawGet(phones.base() + "/static/sw.js");
    assertThat(worker.statusCode()).isEqualTo(200);
    assertThat(worker.headers().firstValue("Service-Worker-Allowed")).hasValue("/app");
    try (BrowserContext context = phones.phone()) {
      Page page = phones.signIn(context);

      Object manifest =
          page.evaluate(
              "async () => {"
                  + " const link = document.querySelector('link[rel=manifest]');"
                  + " const m = await (await fetch(link.href)).json();"
                  + " return [m.name, m.start_url, m.scope, m.display, m.icons.length].join('|');"
                  + "}");
      assertThat(manifest).isEqualTo("Goldpan|/app|/app|standalone|3");

      // Bounded, so a worker that never activates fails here instead of hanging the build.
      Object scope =
          page.evaluate(
              "() => Promise.race([navigator.serviceWorker.ready.then(r => r.scope),"
                  + " new Promise(done => setTimeout(() => done('not ready in 20 s'), 20000))])");
      assertThat(scope).isEqualTo(phones.base() + "/app");

      page.navigate(phones.base() + "/app/jobs/" + job);
      assertThat(page.locator("li.image img")).hasCount(2);
      page.locator("li.image img").last().scrollIntoViewIfNeeded();
      Object controlled =
          page.evaluate(
              "async () => { await navigator.serviceWorker.ready;"
                  + " return navigator.serviceWorker.controller !== null; }");
      assertThat(controlled).as("the job page is served through the worker").isEqualTo(true);
      page.waitForFunction(
          "() => Array.from(document.querySelectorAll('li.image img'))"
              + ".every(img => img.complete && img.naturalWidth > 0)");
      Object cacheNames = page.evaluate("async () => (await caches.keys()).length");
      assertThat(cacheNames)
          .as("Cache Storage holds no copy of the pages or pictures")
          .isEqualTo(0);
    }
  }
}
