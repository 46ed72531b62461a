package io.goldpan.functions.apidoc;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * Serves the OpenAPI description generated at build time. It lies under {@code /api/}, so it takes
 * an API key like the API it describes: nothing is served anonymously but health.
 */
@Controller("/api/openapi.yml")
public class OpenApiController {
  /**
   * Where the build leaves the description (micronaut-openapi names it after the title and
   * version).
   */
  static final String RESOURCE = "META-INF/swagger/goldpan-1.yml";

  static final MediaType YAML = MediaType.of("application/yaml");

  private final byte[] document;

  public OpenApiController() {
    try (InputStream in = OpenApiController.class.getClassLoader().getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(
            RESOURCE
                + " is missing from the classpath; build with the micronaut-openapi processor");
      }
      this.document = in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("reading " + RESOURCE + " failed", e);
    }
  }

  @Get
  public HttpResponse<byte[]> document() {
    return HttpResponse.ok(document).contentType(YAML);
  }
}
