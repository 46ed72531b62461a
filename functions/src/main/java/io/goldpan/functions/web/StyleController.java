package io.goldpan.functions.web;

import static io.goldpan.functions.web.internal.Html.esc;

import io.goldpan.functions.ApiError.FieldError;
import io.goldpan.functions.gallery.GalleryNotFoundException;
import io.goldpan.functions.gallery.Style;
import io.goldpan.functions.gallery.StylePreset;
import io.goldpan.functions.gallery.Styles;
import io.goldpan.functions.jobs.InvalidRequestException;
import io.goldpan.functions.web.internal.FormBody;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.RequestAttribute;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;

/** The owner's saved style presets: list, add, delete. */
@Controller("/app/styles")
@ExecuteOn(TaskExecutors.BLOCKING)
public class StyleController {
  private final Styles styles;

  public StyleController(Styles styles) {
    this.styles = styles;
  }

  @Get
  public HttpResponse<String> list(
      @RequestAttribute(SessionFilter.SESSION_ATTRIBUTE) WebSession session) {
    return Layout.html(page(session, "", "", Map.of()));
  }

  @Post
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public HttpResponse<String> create(
      @RequestAttribute(SessionFilter.SESSION_ATTRIBUTE) WebSession session,
      HttpRequest<?> request) {
    FormBody form = FormBody.of(request);
    try {
      styles.save(session.owner(), form.get("name"), form.get("template"));
      return HttpResponse.seeOther(URI.create("/app/styles"));
    } catch (InvalidRequestException e) {
      Map<String, String> errors = new HashMap<>();
      for (FieldError f : e.fields()) {
        errors.put(f.field(), f.message());
      }
      return Layout.html(
          HttpStatus.BAD_REQUEST, page(session, form.get("name"), form.get("template"), errors));
    }
  }

  @Post("/{id}/delete")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public HttpResponse<?> delete(
      @RequestAttribute(SessionFilter.SESSION_ATTRIBUTE) WebSession session,
      @PathVariable String id) {
    if (!styles.delete(session.owner(), id)) {
      throw new GalleryNotFoundException("style " + id);
    }
    return HttpResponse.seeOther(URI.create("/app/styles"));
  }

  private String page(
      WebSession session, String name, String template, Map<String, String> errors) {
    StringBuilder body =
        new StringBuilder("<h1>Styles</h1><h2>Your presets</h2><ul class=\"presets\">");
    for (StylePreset p : styles.presets(session.owner())) {
      body.append("<li><strong>")
          .append(esc(p.name()))
          .append("</strong> <code>")
          .append(esc(p.template()))
          .append("</code><form method=\"post\" action=\"/app/styles/")
          .append(esc(p.id()))
          .append("/delete\">")
          .append(Layout.csrfField(session))
          .append("<button type=\"submit\" class=\"danger\">Delete</button></form></li>");
    }
    body.append("</ul><form method=\"post\" action=\"/app/styles\" class=\"stack\">")
        .append(Layout.csrfField(session))
        .append("<label for=\"name\">Name</label><input id=\"name\" name=\"name\" value=\"")
        .append(esc(name))
        .append("\" required>")
        .append(error("name", errors))
        .append("<label for=\"template\">Template (use ")
        .append(esc(Style.PLACEHOLDER))
        .append(")</label><input id=\"template\" name=\"template\" value=\"")
        .append(esc(template))
        .append("\" placeholder=\"{prompt}, as a stained glass window\" required>")
        .append(error("template", errors))
        .append("<button type=\"submit\">Save preset</button></form><h2>Built in</h2><ul>");
    for (Style s : styles.available(session.owner())) {
      if (s.key().startsWith("b:")) {
        body.append("<li><strong>")
            .append(esc(s.name()))
            .append("</strong> <code>")
            .append(esc(s.template()))
            .append("</code></li>");
      }
    }
    body.append("</ul>");
    return Layout.page("Styles", session, body.toString());
  }

  private static String error(String name, Map<String, String> errors) {
    String message = errors.get(name);
    return message == null
        ? ""
        : "<p class=\"error field-error\" id=\"" + name + "-error\">" + esc(message) + "</p>";
  }
}
