package io.goldpan.functions.web;

import io.goldpan.functions.auth.ApiKeyGuard;
import io.goldpan.functions.web.internal.FormBody;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.RequestAttribute;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.net.URI;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Sign in once with an API key, get a session cookie; sign out. */
@Controller
@ExecuteOn(TaskExecutors.BLOCKING)
public class LoginController {
  private static final Logger LOG = LoggerFactory.getLogger(LoginController.class);

  private final ApiKeyGuard guard;
  private final WebSessions sessions;
  private final WebConfig config;
  private final Pages pages;

  public LoginController(ApiKeyGuard guard, WebSessions sessions, WebConfig config, Pages pages) {
    this.pages = pages;
    this.guard = guard;
    this.sessions = sessions;
    this.config = config;
  }

  @Get
  public HttpResponse<?> root() {
    return HttpResponse.seeOther(URI.create("/app"));
  }

  @Get("/login")
  public HttpResponse<String> form() {
    return page(HttpStatus.OK, null);
  }

  @Post("/login")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public HttpResponse<String> login(HttpRequest<?> request) {
    String key = FormBody.of(request).get("apiKey").strip();
    ApiKeyGuard.Outcome outcome = guard.check(request, key, "login");
    if (outcome instanceof ApiKeyGuard.Throttled throttled) {
      return page(
              HttpStatus.TOO_MANY_REQUESTS,
              "Too many failed sign-ins. Try again in " + howLong(throttled) + ".")
          .header(HttpHeaders.RETRY_AFTER, Long.toString(throttled.retryAfterSeconds()));
    }
    if (!(outcome instanceof ApiKeyGuard.Accepted accepted)) {
      return page(HttpStatus.UNAUTHORIZED, "That API key is not valid.");
    }
    WebSessions.Created created = sessions.create(accepted.owner(), accepted.keyId());
    LOG.info("web sign-in: owner={}", accepted.owner());
    return HttpResponse.<String>seeOther(URI.create("/app"))
        .cookie(
            SessionFilter.cookie(request, created.cookieValue(), config.sessionTtl().toSeconds()));
  }

  @Post("/app/logout")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public HttpResponse<?> logout(
      HttpRequest<?> request,
      @RequestAttribute(SessionFilter.SESSION_ATTRIBUTE) WebSession session) {
    sessions.end(session);
    return HttpResponse.seeOther(URI.create("/login")).cookie(SessionFilter.cookie(request, "", 0));
  }

  private static String howLong(ApiKeyGuard.Throttled throttled) {
    long seconds = throttled.retryAfterSeconds();
    if (seconds < 60) {
      return seconds == 1 ? "1 second" : seconds + " seconds";
    }
    long minutes = (seconds + 59) / 60;
    return minutes == 1 ? "1 minute" : minutes + " minutes";
  }

  private MutableHttpResponse<String> page(HttpStatus status, @Nullable String error) {
    return pages.html(status, "login", new Views.LoginPage(Views.Shell.open("Sign in"), error));
  }
}
