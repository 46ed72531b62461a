package io.goldpan.functions.web;

import io.goldpan.functions.gallery.Mark;
import io.goldpan.functions.gallery.Triage;
import io.goldpan.functions.jobs.InvalidRequestException;
import io.goldpan.functions.web.internal.FormBody;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Error;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.RequestAttribute;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.net.URI;
import java.util.regex.Pattern;

/** One tap to keep or discard an image; purge what was discarded. */
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

  public TriageController(Triage triage) {
    this.triage = triage;
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

  @Post("/purge")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public HttpResponse<?> purge(
      @RequestAttribute(SessionFilter.SESSION_ATTRIBUTE) WebSession session) {
    triage.purgeDiscarded(session.owner());
    return HttpResponse.seeOther(URI.create("/app?show=discarded"));
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
