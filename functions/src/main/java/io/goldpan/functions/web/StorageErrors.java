package io.goldpan.functions.web;

import io.goldpan.functions.ApiError;
import io.micronaut.data.connection.exceptions.ConnectionException;
import io.micronaut.data.exceptions.DataAccessException;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Error;
import io.micronaut.transaction.exceptions.TransactionException;
import java.sql.SQLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A database that fails (a full disk closes H2; PostgreSQL restarting) is a 503 with {@code
 * Retry-After}: the client tries again and nothing it sent was acknowledged. The cause is logged
 * here and never sent: database messages name tables, files and versions.
 */
@Controller
public class StorageErrors {
  private static final Logger LOG = LoggerFactory.getLogger(StorageErrors.class);

  /** Seconds a client waits before trying again. */
  static final String RETRY_AFTER_SECONDS = "30";

  static final String MESSAGE =
      "storage is unavailable right now; nothing was changed, try again in a minute";

  private final Pages pages;

  public StorageErrors(Pages pages) {
    this.pages = pages;
  }

  @Error(global = true, exception = DataAccessException.class)
  MutableHttpResponse<?> dataAccess(HttpRequest<?> request, DataAccessException e) {
    return unavailable(request, e);
  }

  @Error(global = true, exception = TransactionException.class)
  MutableHttpResponse<?> transaction(HttpRequest<?> request, TransactionException e) {
    return unavailable(request, e);
  }

  @Error(global = true, exception = ConnectionException.class)
  MutableHttpResponse<?> connection(HttpRequest<?> request, ConnectionException e) {
    return unavailable(request, e);
  }

  @Error(global = true, exception = SQLException.class)
  MutableHttpResponse<?> sql(HttpRequest<?> request, SQLException e) {
    return unavailable(request, e);
  }

  private MutableHttpResponse<?> unavailable(HttpRequest<?> request, Exception e) {
    LOG.error(
        "storage failed: {} {} answered 503: {}",
        request.getMethod(),
        request.getPath(),
        e.toString());
    MutableHttpResponse<?> response =
        request.getPath().startsWith("/api/")
            ? HttpResponse.status(HttpStatus.SERVICE_UNAVAILABLE)
                .body(new ApiError("unavailable", MESSAGE, null))
            : pages.html(
                HttpStatus.SERVICE_UNAVAILABLE,
                "message",
                new Views.MessagePage(
                    Views.Shell.open("Try again soon"),
                    "Try again in a minute",
                    MESSAGE + ".",
                    false));
    return response.header("Retry-After", RETRY_AFTER_SECONDS);
  }
}
