package io.goldpan.functions.web;

import io.goldpan.functions.ApiError;
import io.goldpan.functions.gallery.GalleryNotFoundException;
import io.goldpan.functions.gallery.ShareGoneException;
import io.goldpan.functions.jobs.JobConflictException;
import io.goldpan.functions.jobs.JobNotFoundException;
import io.goldpan.functions.jobs.QuotaExceededException;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Error;

/**
 * Not found and gone, as pages for the web app. Another owner's job, group or image is "not found",
 * exactly like one that never existed; JSON routes keep their JSON body.
 */
@Controller
public class WebErrors {
  private final Pages pages;

  public WebErrors(Pages pages) {
    this.pages = pages;
  }

  @Error(global = true, exception = GalleryNotFoundException.class)
  HttpResponse<?> galleryNotFound(HttpRequest<?> request) {
    return notFound(request);
  }

  @Error(global = true, exception = JobNotFoundException.class)
  HttpResponse<?> jobNotFound(HttpRequest<?> request) {
    return notFound(request);
  }

  /** A submission repeated while the first copy is still being handled (a double tap). */
  @Error(global = true, exception = JobConflictException.class)
  HttpResponse<?> conflict(HttpRequest<?> request, JobConflictException e) {
    if (request.getPath().startsWith("/api/")) {
      return HttpResponse.status(HttpStatus.CONFLICT).body(ApiError.conflict(e.getMessage()));
    }
    return pages.html(
        HttpStatus.CONFLICT,
        "message",
        new Views.MessagePage(
            Views.Shell.open("Busy"), "Still working on it", e.getMessage() + ".", true));
  }

  /** A gallery submission over the owner's quotas. */
  @Error(global = true, exception = QuotaExceededException.class)
  HttpResponse<?> quota(HttpRequest<?> request, QuotaExceededException e) {
    String retryAfter = Long.toString(Math.max(1, e.retryAfter().toSeconds()));
    if (request.getPath().startsWith("/api/")) {
      return HttpResponse.status(HttpStatus.TOO_MANY_REQUESTS)
          .header("Retry-After", retryAfter)
          .body(new ApiError("quota_exceeded", e.getMessage(), null));
    }
    return pages
        .html(
            HttpStatus.TOO_MANY_REQUESTS,
            "message",
            new Views.MessagePage(
                Views.Shell.open("Over your quota"), "Over your quota", e.getMessage() + ".", true))
        .header("Retry-After", retryAfter);
  }

  @Error(global = true, exception = ShareGoneException.class)
  HttpResponse<String> gone(ShareGoneException e) {
    return pages.html(
        HttpStatus.GONE,
        "message",
        new Views.MessagePage(
            Views.Shell.open("Link gone"), "This link is gone", e.getMessage() + ".", false));
  }

  private HttpResponse<?> notFound(HttpRequest<?> request) {
    if (request.getPath().startsWith("/api/")) {
      return HttpResponse.notFound(ApiError.notFound());
    }
    return pages.html(
        HttpStatus.NOT_FOUND,
        "message",
        new Views.MessagePage(Views.Shell.open("Not found"), "Not found", "Nothing here.", true));
  }
}
