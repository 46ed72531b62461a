package io.goldpan.functions.status;

import io.goldpan.functions.auth.ApiKeyFilter;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.RequestAttribute;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

/** {@code GET /api/status}: are runners awake, how deep is the queue, how many of mine wait. */
@Controller("/api/status")
@ExecuteOn(TaskExecutors.BLOCKING)
public class StatusController {
  private final RunnerStatus status;

  public StatusController(RunnerStatus status) {
    this.status = status;
  }

  @Get
  public StatusView get(@RequestAttribute(ApiKeyFilter.OWNER_ATTRIBUTE) String owner) {
    return status.of(owner);
  }
}
