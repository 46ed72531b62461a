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
  /** Only a path of this app: never an absolute URL or {@code //host}, so no open redirect. */
  private static final Pattern LOCAL_PATH = Pattern.compile("/app(/[^/\\\\][^\\\\]*)?(\\?.*)?");

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

  static String back(String back) {
    return back != null && LOCAL_PATH.matcher(back).matches() ? back : "/app";
  }

  @Error(exception = InvalidRequestException.class)
  HttpResponse<String> invalid(InvalidRequestException e) {
    return HttpResponse.badRequest(e.getMessage()).contentType(MediaType.TEXT_PLAIN_TYPE);
  }
}
