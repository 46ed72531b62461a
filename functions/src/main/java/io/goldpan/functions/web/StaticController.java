package io.goldpan.functions.web;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/** The app's one stylesheet and one script, from the jar; nothing from other origins. */
@Controller("/static")
public class StaticController {
  private static final Map<String, MediaType> FILES =
      Map.of(
          "app.css", MediaType.of("text/css; charset=utf-8"),
          "app.js", MediaType.of("text/javascript; charset=utf-8"));

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
      return HttpResponse.ok(in.readAllBytes())
          .contentType(type)
          .header("Cache-Control", "public, max-age=300")
          .header("X-Content-Type-Options", "nosniff");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read static/" + name + " from the jar", e);
    }
  }
}
