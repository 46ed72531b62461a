package io.goldpan.functions.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.goldpan.functions.auth.ApiKeys;
import io.goldpan.functions.support.Browser;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * The web app can be added to a home screen: manifest, icons and a service worker that caches
 * nothing.
 */
@MicronautTest(transactional = false)
class InstallableAppTest {
  @Inject EmbeddedServer server;
  @Inject ApiKeys apiKeys;

  @Test
  void manifest_namesTheApp_startsAtTheGallery_standalone() throws IOException {
    Browser browser = new Browser(server.getURI());
    HttpResponse<String> response = browser.get("/static/manifest.webmanifest");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type").orElse(""))
        .startsWith("application/manifest+json");
    JsonNode manifest = new ObjectMapper().readTree(response.body());
    assertThat(manifest.path("name").asText()).isEqualTo("Goldpan");
    assertThat(manifest.path("short_name").asText()).isEqualTo("Goldpan");
    assertThat(manifest.path("start_url").asText()).isEqualTo("/app");
    assertThat(manifest.path("scope").asText()).isEqualTo("/app");
    assertThat(manifest.path("display").asText()).isEqualTo("standalone");
    assertThat(manifest.path("theme_color").asText()).matches("#[0-9a-f]{6}");
    assertThat(manifest.path("background_color").asText()).matches("#[0-9a-f]{6}");
    List<String> purposes = new ArrayList<>();
    for (JsonNode icon : manifest.path("icons")) {
      purposes.add(icon.path("purpose").asText() + " " + icon.path("sizes").asText());
    }
    assertThat(purposes).contains("any 192x192", "any 512x512", "maskable 512x512");
  }

  @Test
  void everyIconInTheManifest_isAPngOfItsStatedSize() throws IOException {
    Browser browser = new Browser(server.getURI());
    JsonNode manifest =
        new ObjectMapper().readTree(browser.get("/static/manifest.webmanifest").body());
    assertThat(manifest.path("icons")).hasSize(3);
    for (JsonNode icon : manifest.path("icons")) {
      int size = Integer.parseInt(icon.path("sizes").asText().split("x")[0]);
      assertPng(browser, icon.path("src").asText(), size);
    }
    assertPng(browser, "/static/apple-touch-icon.png", 180);
  }

  @Test
  void committedIcons_areWhatTheGeneratorDraws() throws IOException {
    Browser browser = new Browser(server.getURI());
    BufferedImage served = png(browser, "/static/icon-192.png");
    BufferedImage drawn = AppIcons.draw(192, 1);
    // Same ground in the corner and the same pan in the middle as the drawing code makes.
    assertThat(served.getRGB(0, 0))
        .isEqualTo(drawn.getRGB(0, 0))
        .isEqualTo(AppIcons.GROUND.getRGB());
    assertThat(served.getRGB(96, 150) & 0xffffff).isEqualTo(AppIcons.PAN.getRGB() & 0xffffff);
  }

  @Test
  void serviceWorker_isRevalidatedEveryTime_andMayControlTheWholeApp() {
    Browser browser = new Browser(server.getURI());
    HttpResponse<String> response = browser.get("/static/sw.js");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type").orElse(""))
        .startsWith("text/javascript");
    assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-cache");
    assertThat(response.headers().firstValue("Service-Worker-Allowed")).hasValue("/app");
    // It caches nothing: no Cache Storage and no fetch handler that could answer from a copy.
    assertThat(response.body()).doesNotContain("caches.").doesNotContain("'fetch'");
  }

  @Test
  void pages_linkTheManifest_andTheirCspAllowsManifestAndWorkerFromThisOrigin() {
    Browser browser = new Browser(server.getURI());
    browser.signIn(apiKeys.create("pwa-" + UUID.randomUUID()));
    HttpResponse<String> page = browser.get("/app");

    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body())
        .contains("<link rel=\"manifest\" href=\"/static/manifest.webmanifest\">")
        .contains("<meta name=\"theme-color\"")
        .contains("<link rel=\"apple-touch-icon\" href=\"/static/apple-touch-icon.png\">");
    String csp = page.headers().firstValue("Content-Security-Policy").orElse("");
    // manifest-src and worker-src fall back to default-src, which must be this origin only.
    assertThat(csp).startsWith("default-src 'self';");
    assertThat(csp).doesNotContain("manifest-src").doesNotContain("worker-src");
  }

  private static void assertPng(Browser browser, String path, int size) throws IOException {
    BufferedImage image = png(browser, path);
    assertThat(image.getWidth()).as(path).isEqualTo(size);
    assertThat(image.getHeight()).as(path).isEqualTo(size);
  }

  private static BufferedImage png(Browser browser, String path) throws IOException {
    HttpResponse<byte[]> response = browser.sendBytes(browser.builder(path));
    assertThat(response.statusCode()).as(path).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type").orElse(""))
        .as(path)
        .isEqualTo("image/png");
    BufferedImage image = ImageIO.read(new ByteArrayInputStream(response.body()));
    assertThat(image).as(path).isNotNull();
    return image;
  }
}
