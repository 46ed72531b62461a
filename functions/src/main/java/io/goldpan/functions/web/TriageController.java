package io.goldpan.functions.web;

import io.goldpan.functions.gallery.Mark;
import io.goldpan.functions.gallery.Triage;
import io.goldpan.functions.jobs.InvalidRequestException;
import io.goldpan.functions.web.internal.ByteSize;
import io.goldpan.functions.web.internal.FormBody;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Error;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.annotation.RequestAttribute;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.net.URI;
import java.util.regex.Pattern;

/** One tap to keep or discard an image; purge what was discarded, once confirmed. */
@Controller("/app")
@ExecuteOn(TaskExecutors.BLOCKING)
public class TriageController {
  /**
   * Only a path of this app, in plain URI characters (RFC 3986 path and query, valid escapes):
   * never an absolute URL, a space, a line break or anything else a {@code Location} header must
   * not carry.
   */
  private static final Pattern LOCAL_PATH =
      Pattern.compile(
          "/app(?:/(?:[A-Za-z0-9._~!$&'()*+,;=:@-]|%[0-9A-Fa-f]{2})*)*"
              + "(?:\\?(?:[A-Za-z0-9._~!$&'()*+,;=:@/?-]|%[0-9A-Fa-f]{2})*)?");

  private static final int BACK_MAX_CHARS = 2000;

  private final Triage triage;
  private final Pages pages;

  public TriageController(Triage triage, Pages pages) {
    this.triage = triage;
    this.pages = pages;
  }

  /**
   * {@code mark} is KEPT, DISCARDED or NONE. A script sending {@code X-Requested-With: fetch} gets
   * a 204; a plain form is sent back to {@code back}.
   */
  @Post("/images/{jobId}/{index}/mark")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public HttpResponse<?> mark(
      @RequestAttribute(SessionFilter.SESSION_ATTRIBUTE) WebSession session,
      @PathVariable String jobId,
      @PathVariable int index,
      HttpRequest<?> request) {
    FormBody form = FormBody.of(request);
    String value = form.get("mark");
    Mark mark;
    switch (value) {
      case "KEPT" -> mark = Mark.KEPT;
      case "DISCARDED" -> mark = Mark.DISCARDED;
      case "NONE" -> mark = null;
      default -> throw InvalidRequestException.of("mark", "must be KEPT, DISCARDED or NONE");
    }
    triage.mark(session.owner(), jobId, index, mark);
    if ("fetch".equals(request.getHeaders().get("X-Requested-With"))) {
      return HttpResponse.noContent();
    }
    return HttpResponse.seeOther(URI.create(back(form.get("back"))));
  }

  /**
   * Purge's confirmation page: how many discarded images there are and how much space purging them
   * frees; after a purge ({@code purged}, {@code freed}) it also says what was freed.
   */
  @Get("/purge")
  public HttpResponse<String> confirm(
      @RequestAttribute(SessionFilter.SESSION_ATTRIBUTE) WebSession session,
      @QueryValue @Nullable String purged,
      @QueryValue @Nullable String freed) {
    Triage.PurgePlan plan = triage.purgePlan(session.owner());
    return pages.html(
        "purge",
        new Views.PurgePage(
            Views.Shell.signedIn("Purge discarded images", session),
            plan.images(),
            ByteSize.format(plan.bytes()),
            plan.confirm(),
            done(purged, freed)));
  }

  /**
   * Purges only with the {@code confirm} value of the confirmation page, and only while the
   * discarded images are still the ones it counted; anything else deletes nothing and goes back to
   * the confirmation page.
   */
  @Post("/purge")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public HttpResponse<?> purge(
      @RequestAttribute(SessionFilter.SESSION_ATTRIBUTE) WebSession session,
      HttpRequest<?> request) {
    String confirm = FormBody.of(request).get("confirm");
    return triage
        .purge(session.owner(), confirm.isEmpty() ? null : confirm)
        .map(
            p ->
                HttpResponse.seeOther(
                    URI.create("/app/purge?purged=" + p.images() + "&freed=" + p.bytes())))
        .orElseGet(() -> HttpResponse.seeOther(URI.create("/app/purge")));
  }

  /** What the last purge freed, from its redirect; numbers only, so a link cannot say more. */
  @Nullable private static String done(@Nullable String purged, @Nullable String freed) {
    if (purged == null || freed == null) {
      return null;
    }
    try {
      long images = Long.parseLong(purged);
      long bytes = Long.parseLong(freed);
      if (images < 0 || bytes < 0) {
        return null;
      }
      return "Purged "
          + images
          + (images == 1 ? " image" : " images")
          + " and freed "
          + ByteSize.format(bytes)
          + ".";
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /**
   * Where a form goes back to: {@code back} when it is a plain path of this app, else the gallery.
   */
  static String back(String back) {
    if (back == null || back.length() > BACK_MAX_CHARS || !LOCAL_PATH.matcher(back).matches()) {
      return "/app";
    }
    int query = back.indexOf('?');
    for (String segment : (query < 0 ? back : back.substring(0, query)).split("/")) {
      String dots = segment.replace("%2e", ".").replace("%2E", ".");
      if (dots.equals(".") || dots.equals("..")) {
        return "/app"; // would climb out of /app
      }
    }
    return back;
  }

  @Error(exception = InvalidRequestException.class)
  HttpResponse<String> invalid(InvalidRequestException e) {
    return HttpResponse.badRequest(e.getMessage()).contentType(MediaType.TEXT_PLAIN_TYPE);
  }
}
