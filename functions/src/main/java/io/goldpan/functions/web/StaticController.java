package io.goldpan.functions.web;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The app's one stylesheet and one script, the web app manifest, its icons and the service worker,
 * from the jar; nothing from other origins. The service worker is served with {@code Cache-Control:
 * no-cache} (so an update reaches every phone) and {@code Service-Worker-Allowed: /app} (its scope
 * is the web app, not /static).
 */
@Controller("/static")
public class StaticController {
  private static final Map<String, MediaType> FILES =
      Map.of(
          "app.css",
          MediaType.of("text/css; charset=utf-8"),
          "app.js",
          MediaType.of("text/javascript; charset=utf-8"),
          "sw.js",
          MediaType.of("text/javascript; charset=utf-8"),
          "manifest.webmanifest",
          MediaType.of("application/manifest+json"),
          "icon-192.png",
          MediaType.IMAGE_PNG_TYPE,
          "icon-512.png",
          MediaType.IMAGE_PNG_TYPE,
          "icon-maskable-512.png",
          MediaType.IMAGE_PNG_TYPE,
          "apple-touch-icon.png",
          MediaType.IMAGE_PNG_TYPE);

  /** The service worker's scope: every page of the web app. */
  static final String WORKER_SCOPE = "/app";

  @Get("/{name}")
  public HttpResponse<byte[]> get(@PathVariable String name) {
    MediaType type = FILES.get(name);
    if (type == null) {
      return HttpResponse.notFound();
    }
    try (InputStream in = StaticController.class.getResourceAsStream("/static/" + name)) {
      if (in == null) {
        return HttpResponse.notFound();
      }
      MutableHttpResponse<byte[]> response =
          HttpResponse.ok(in.readAllBytes())
              .contentType(type)
              .header("X-Content-Type-Options", "nosniff");
      if (name.equals("sw.js")) {
        return response
            .header("Cache-Control", "no-cache")
            .header("Service-Worker-Allowed", WORKER_SCOPE);
      }
      return response.header("Cache-Control", "public, max-age=300");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read static/" + name + " from the jar", e);
    }
  }
}
