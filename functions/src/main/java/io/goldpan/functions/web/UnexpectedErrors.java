package io.goldpan.functions.web;

import io.goldpan.functions.ApiError;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The answer to a failure nothing else handles: a plain 500 that quotes nothing of the exception
 * (no SQL, no database codes, no stack), which is logged instead. Micronaut's own handlers (413,
 * bad arguments, …) and the {@code @Error} routes are more specific and still win.
 */
@Produces
@Singleton
public class UnexpectedErrors implements ExceptionHandler<Throwable, HttpResponse<?>> {
  private static final Logger LOG = LoggerFactory.getLogger(UnexpectedErrors.class);

  private final Pages pages;

  public UnexpectedErrors(Pages pages) {
    this.pages = pages;
  }

  @Override
  public HttpResponse<?> handle(HttpRequest request, Throwable exception) {
    LOG.error(
        "request failed unexpectedly: method={} path={}",
        request.getMethodName(),
        request.getPath(),
        exception);
    if (request.getPath().startsWith("/api/")) {
      return HttpResponse.serverError(ApiError.internalError());
    }
    return pages.html(
        HttpStatus.INTERNAL_SERVER_ERROR,
        "message",
        new Views.MessagePage(
            Views.Shell.open("Something went wrong"),
            "Something went wrong",
            "The server could not handle this request; the failure is logged.",
            true));
  }
}
