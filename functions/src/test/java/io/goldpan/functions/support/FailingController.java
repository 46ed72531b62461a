package io.goldpan.functions.support;

import io.micronaut.context.annotation.Requires;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;

/** Routes that fail like a bug would, quoting internals; only where {@code test.failing-routes}. */
@Controller
@Requires(property = "test.failing-routes", value = "true")
public class FailingController {
  public static final String INTERNAL =
      "Value too long for column \"PROMPT CHARACTER VARYING(4000)\"; SQL statement: INSERT INTO"
          + " job_groups (owner,prompt) VALUES (?,?) [22001-232]";

  @Get("/api/test/fail")
  public String api() {
    throw new IllegalStateException(INTERNAL);
  }

  @Get("/test/fail")
  public String page() {
    throw new IllegalStateException(INTERNAL);
  }
}
