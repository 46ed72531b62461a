package io.goldpan.functions.web;

import io.goldpan.functions.ApiError.FieldError;
import io.goldpan.functions.gallery.GalleryNotFoundException;
import io.goldpan.functions.gallery.Style;
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
import java.util.List;
import java.util.Map;

/** The owner's saved style presets: list, add, delete. */
@Controller("/app/styles")
@ExecuteOn(TaskExecutors.BLOCKING)
public class StyleController {
  private final Styles styles;
  private final Pages pages;

  public StyleController(Styles styles, Pages pages) {
    this.styles = styles;
    this.pages = pages;
  }

  @Get
  public HttpResponse<String> list(
      @RequestAttribute(SessionFilter.SESSION_ATTRIBUTE) WebSession session) {
    return pages.html("styles", page(session, "", "", Map.of()));
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
      return pages.html(
          HttpStatus.BAD_REQUEST,
          "styles",
          page(session, form.get("name"), form.get("template"), errors));
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

  private Views.StylesPage page(
      WebSession session, String name, String template, Map<String, String> errors) {
    List<Views.Preset> presets =
        styles.presets(session.owner()).stream()
            .map(p -> new Views.Preset(p.id(), p.name(), p.template()))
            .toList();
    List<Views.Preset> builtIn =
        styles.available(session.owner()).stream()
            .filter(s -> s.key().startsWith("b:"))
            .map(s -> new Views.Preset(s.key(), s.name(), s.template()))
            .toList();
    return new Views.StylesPage(
        Views.Shell.signedIn("Styles", session, "styles"),
        presets,
        name,
        template,
        errors,
        Style.PLACEHOLDER,
        builtIn);
  }
}
