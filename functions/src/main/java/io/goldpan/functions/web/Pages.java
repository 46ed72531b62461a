package io.goldpan.functions.web;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.views.jte.HtmlJteViewsRenderer;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * Renders a view model with its template (Micronaut Views, JTE templates compiled at build time,
 * HTML-escaped by default) into a page response or a live fragment.
 */
@Singleton
public class Pages {
  private final HtmlJteViewsRenderer<Object> renderer;

  public Pages(HtmlJteViewsRenderer<Object> renderer) {
    this.renderer = renderer;
  }

  /** The template {@code view} with the view model as its one parameter, {@code page}. */
  String render(String view, Object page) {
    StringWriter out = new StringWriter();
    try {
      renderer.render(view, Map.of("page", page), null).writeTo(out);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot render " + view, e);
    }
    return out.toString();
  }

  MutableHttpResponse<String> html(HttpStatus status, String view, Object page) {
    MutableHttpResponse<String> response =
        HttpResponse.<String>status(status)
            .contentType(MediaType.TEXT_HTML_TYPE)
            .body(render(view, page));
    WebHeaders.apply(response);
    return response;
  }

  MutableHttpResponse<String> html(String view, Object page) {
    return html(HttpStatus.OK, view, page);
  }
}
