package io.goldpan.functions.web;

import io.goldpan.functions.gallery.GalleryJob;
import io.goldpan.functions.gallery.GalleryNotFoundException;
import io.goldpan.functions.gallery.GalleryViews;
import io.goldpan.functions.gallery.JobGroup;
import io.goldpan.functions.jobs.JobConflictException;
import io.goldpan.functions.jobs.JobService;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.RequestAttribute;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.net.URI;
import java.util.List;
import java.util.Locale;

/**
 * Cancel in the web app, through the jobs API's own cancel: a queued or running job, or whatever of
 * a group is not finished. Something already finished gets a short page saying so, not an error.
 */
@Controller("/app")
@ExecuteOn(TaskExecutors.BLOCKING)
public class CancelController {
  private final JobService jobs;
  private final GalleryViews views;
  private final Pages pages;

  public CancelController(JobService jobs, GalleryViews views, Pages pages) {
    this.jobs = jobs;
    this.views = views;
    this.pages = pages;
  }

  @Post("/jobs/{id}/cancel")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public HttpResponse<?> cancelJob(
      @RequestAttribute(SessionFilter.SESSION_ATTRIBUTE) WebSession session,
      @PathVariable String id) {
    String back = "/app/jobs/" + id;
    try {
      jobs.cancel(session.owner(), id);
    } catch (JobConflictException e) {
      return finished(
          session,
          "This job already finished ("
              + jobs.find(session.owner(), id).status().name().toLowerCase(Locale.ROOT)
              + "), so there is nothing to cancel.",
          back,
          "Back to the job");
    }
    return HttpResponse.seeOther(URI.create(back));
  }

  @Post("/groups/{id}/cancel")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public HttpResponse<?> cancelGroup(
      @RequestAttribute(SessionFilter.SESSION_ATTRIBUTE) WebSession session,
      @PathVariable String id) {
    JobGroup group =
        views
            .group(id, session.owner())
            .orElseThrow(() -> new GalleryNotFoundException("group " + id));
    String back = "/app/groups/" + group.id();
    List<GalleryJob> unfinished =
        views.ofGroup(group.id(), session.owner()).stream()
            .filter(g -> !g.job().status().isTerminal())
            .toList();
    int cancelled = 0;
    for (GalleryJob g : unfinished) {
      try {
        jobs.cancel(session.owner(), g.job().id());
        cancelled++;
      } catch (JobConflictException e) {
        // finished while the others were being cancelled: nothing left to stop there
      }
    }
    if (cancelled == 0) {
      return finished(
          session,
          "Every job of this group already finished, so there is nothing to cancel.",
          back,
          "Back to the group");
    }
    return HttpResponse.seeOther(URI.create(back));
  }

  private HttpResponse<String> finished(
      WebSession session, String text, String back, String linkText) {
    return pages.html(
        HttpStatus.CONFLICT,
        "notice",
        new Views.Notice(
            Views.Shell.signedIn("Nothing to cancel", session),
            "Nothing to cancel",
            text,
            back,
            linkText));
  }
}
